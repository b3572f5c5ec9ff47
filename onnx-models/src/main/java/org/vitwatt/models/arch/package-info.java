/** Architecture builders: each family writes itself as an ONNX graph with deterministic weights. */
package org.vitwatt.models.arch;
