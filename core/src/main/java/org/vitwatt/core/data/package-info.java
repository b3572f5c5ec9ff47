/**
 * Datasets: parsing {@code -p dataset=} ({@link org.vitwatt.core.data.DatasetSpec}), finding and indexing
 * CIFAR-10, ImageNet validation and ImageFolder datasets ({@link org.vitwatt.core.data.Datasets}), decoding
 * images as PIL does ({@link org.vitwatt.core.data.ImageDecoder}), timm's evaluation preprocessing with
 * Pillow's resampling ({@link org.vitwatt.core.data.ImagePipeline}, {@link org.vitwatt.core.data.PilResize}),
 * the memory-mapped cache of preprocessed tensors ({@link org.vitwatt.core.data.DatasetCache}) and the
 * resulting image sets ready to feed a model ({@link org.vitwatt.core.data.ImageSet}). docs/datasets.md
 * describes the rules.
 */
package org.vitwatt.core.data;
