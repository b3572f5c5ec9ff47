/** ONNX protobuf from Java: reading and writing model files, element types, tensor values, FP16 bits. */
package org.vitwatt.models.onnx;
