package org.vitwatt.core.search;

import java.util.OptionalDouble;

/**
 * One measured plan.
 *
 * @param precision the exact {@code -p precision=} value ({@code fp32} or {@code mixed:…})
 * @param agreement top-1 agreement with FP32 on the search's images, %
 * @param top1      top-1 on them, %, when they are labelled
 * @param gbops     bit-weighted operations per image, billions ({@code model.bops})
 * @param fileBytes the variant's file size
 * @param loss      what the budget limits: FP32's top-1 minus this top-1 when labelled, else 100 − agreement; never
 *                  below 0
 */
public record PlanPoint(String precision, double agreement, OptionalDouble top1, double gbops, long fileBytes,
        double loss) {
    /** True when this point is at least as good as {@code o} in cost and loss and better in one. */
    boolean dominates(PlanPoint o) {
        return gbops <= o.gbops && loss <= o.loss && (gbops < o.gbops || loss < o.loss);
    }
}
