package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;

/**
 * The result of an FP16 conversion.
 *
 * @param model     the converted model
 * @param fp16Nodes nodes that now run in float16
 * @param keptFp32  nodes of the converted region that stayed FP32, by op and reason, in the order first met
 */
public record Fp16Conversion(ModelProto model, int fp16Nodes, List<KeptFp32> keptFp32) {
    public Fp16Conversion {
        keptFp32 = List.copyOf(keptFp32);
    }

    /**
     * Nodes of one op that stayed FP32 for one reason.
     *
     * @param op     the op type ("domain:Op" outside the default domain)
     * @param nodes  how many
     * @param reason why, in words
     */
    public record KeptFp32(String op, int nodes, String reason) {
    }
}
