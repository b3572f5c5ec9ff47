/**
 * vitwatt's models as files: ONNX read and write ({@code onnx}), a typed graph builder ({@code graph}),
 * architecture builders ({@code arch}), the model catalog ({@code catalog}), the type and shape of every value as
 * ONNX Runtime computes them ({@code shapes}), parameter and MAC statistics ({@code stats}), node groups
 * ({@code groups}), precision transforms ({@code precision}), resolution of a model name to a file ({@code store})
 * and the {@code vitwatt-models.jar} command line ({@code cli}). ONNX Runtime is used to read types and shapes,
 * never to time inference.
 */
package org.vitwatt.models;
