package org.vitwatt.models.arch;

import org.vitwatt.models.graph.Init;

/** The initialisers timm's models get from PyTorch or set themselves, as {@link Init} values. */
final class TorchInit {
    private TorchInit() {
    }

    /**
     * PyTorch's default for {@code nn.Conv2d} and {@code nn.Linear} weights, kaiming_uniform(a=√5):
     * U(−1/√fan_in, 1/√fan_in), fan_in = in_channels/groups × kernel area (or in_features).
     */
    static Init kaimingUniform(long fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        return new Init.Uniform(-bound, bound);
    }

    /**
     * He / kaiming-normal, std √(2 / fan_in), for a conv or linear whose output a BatchNorm follows. A trained
     * BatchNorm rescales its input to about unit variance; vitwatt's synthetic BatchNorms (running mean 0,
     * var 1, weight 1, bias 0) are the identity, so the layer before them must keep the variance itself.
     * With PyTorch's default (variance 1/(3·fan_in)) every ConvNorm would shrink the signal threefold and a
     * BN-only network such as LeViT would end with logits of about 1e-5, useless for FP16 and INT8 studies.
     */
    static Init kaimingNormal(long fanIn) {
        return Init.normal(Math.sqrt(2.0 / fanIn));
    }

    /**
     * The weight of a BatchNorm that ends a residual branch. timm zero-inits it in LeViT (attention projection,
     * MLP) and TinyViT (MBConv), so that every block starts as the identity for training; EfficientViT leaves
     * PyTorch's 1. In a synthetic model zero would make those branches dead weight, and 1 (with
     * {@link #kaimingNormal} before it) doubles the residual stream's variance at every branch: LeViT, which
     * has no LayerNorm, ends with logits near 1e6 and EfficientViT's linear attention reaches 1e19 inside.
     * 0.2, like the small gammas of trained networks, keeps every branch active and the stream bounded: LeViT's
     * logits come out near 0.25 rms, like the other families' (0.5 gives about 50, 0.3 about 1).
     */
    static final float RESIDUAL_BRANCH_BN_WEIGHT = 0.2f;

    static Init residualBranchBnWeight() {
        return new Init.Constant(RESIDUAL_BRANCH_BN_WEIGHT);
    }

    /** timm's {@code trunc_normal_(std=.02)} for Linear (and, in some families, Conv) weights. */
    static Init truncNormal02() {
        return Init.normal(0.02);
    }
}
