/**
 * vitwatt's models as files: ONNX read and write ({@code onnx}), a typed graph builder ({@code graph}),
 * architecture builders ({@code arch}), the model catalog ({@code catalog}), parameter and MAC statistics
 * ({@code stats}), resolution of a model name to a file ({@code store}) and the {@code vitwatt-models.jar}
 * command line ({@code cli}). Nothing here runs inference or depends on ONNX Runtime.
 */
package org.vitwatt.models;
