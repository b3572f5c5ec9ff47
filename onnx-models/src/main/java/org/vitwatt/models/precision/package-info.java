/**
 * Precision transforms of ONNX graphs, in Java: FP32 → FP16 ({@link org.vitwatt.models.precision.Fp16Converter}),
 * FP32 → INT8 QDQ from given activation ranges ({@link org.vitwatt.models.precision.QdqQuantizer}), and mixed
 * plans that give named groups of nodes their own precision ({@link org.vitwatt.models.precision.PrecisionPlan}
 * over {@link org.vitwatt.models.groups.NodeGroups}). Which values are float comes from ONNX Runtime's types
 * ({@link org.vitwatt.models.shapes.ValueTypes}); calibration, which runs the model on images, lives in core.
 */
package org.vitwatt.models.precision;
