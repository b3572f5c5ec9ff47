/** A typed builder for ONNX graphs with deterministic synthetic weights. */
package org.vitwatt.models.graph;
