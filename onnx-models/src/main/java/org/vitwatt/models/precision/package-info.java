/**
 * Precision transforms of ONNX graphs, in Java: FP32 → FP16 ({@link org.vitwatt.models.precision.Fp16Converter}),
 * FP32 → INT8 QDQ from given activation ranges ({@link org.vitwatt.models.precision.QdqQuantizer}), and mixed
 * plans that give named groups of nodes their own precision ({@link org.vitwatt.models.precision.PrecisionPlan},
 * {@link org.vitwatt.models.precision.NodeGroups}). Calibration, which needs ONNX Runtime, lives in core.
 */
package org.vitwatt.models.precision;
