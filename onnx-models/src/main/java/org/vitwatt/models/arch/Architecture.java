package org.vitwatt.models.arch;

import ai.onnx.proto.OnnxMl.ModelProto;
import org.vitwatt.feedback.Progress;
import org.vitwatt.models.graph.Weights;

/**
 * A model architecture that can write itself as an ONNX graph: input {@code input} [batch, 3, H, W]
 * float, output {@code logits} [batch, classes] float, batch a dynamic dimension.
 */
public interface Architecture {
    /** The graph's input tensor name. */
    String INPUT = "input";
    /** The graph's output tensor name. */
    String OUTPUT = "logits";

    /** Family name as the catalog shows it, e.g. "vit". */
    String family();

    /** Square input resolution in pixels. */
    int imageSize();

    /** Number of output classes. */
    int numClasses();

    /**
     * Builds the graph with weights drawn from {@code weights}; the same weights seed always gives the same
     * bytes. {@code progress} receives a line now and then for long builds (never null; may ignore them).
     */
    ModelProto build(String graphName, Weights weights, Progress progress);
}
