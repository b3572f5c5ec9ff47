package org.vitwatt.reports.input;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What {@code benchmarks.jar search} wrote to {@code plans.json}: each group alone at each lower precision (the
 * sensitivity rows) and the Pareto plans, whose {@code precision} strings are exact {@code -p precision=} values.
 *
 * @param file        the file read
 * @param model       the model searched ({@code -p model=})
 * @param dataset     the images the plans were judged on
 * @param labelled    whether the loss is top-1 points (else 100 − agreement)
 * @param lossText    what the loss is, in the search's words
 * @param budget      the loss budget, points
 * @param fp32        the baseline
 * @param sensitivity each group alone at each precision, in the file's order
 * @param pareto      the Pareto plans, cheapest first
 */
public record SearchPlans(String file, String model, String dataset, boolean labelled, String lossText,
        double budget, Plan fp32, List<GroupPlan> sensitivity, List<Plan> pareto) {
    /** The {@code format} of plans.json this reads. */
    public static final int FORMAT = 1;

    public SearchPlans {
        sensitivity = List.copyOf(sensitivity);
        pareto = List.copyOf(pareto);
    }

    /**
     * One measured plan.
     *
     * @param precision the exact {@code -p precision=} value
     * @param agreement top-1 agreement with FP32, %
     * @param top1      top-1, %, when the images are labelled
     * @param loss      the loss the budget limits, points
     * @param gbops     bit-weighted operations per image, billions
     * @param fileBytes the variant's file size
     */
    public record Plan(String precision, double agreement, OptionalDouble top1, double loss, double gbops,
            long fileBytes) {
    }

    /**
     * One group alone at one lower precision.
     *
     * @param group          the group ({@code patch_embed}, {@code blocks[i]}, {@code head})
     * @param groupPrecision the precision it took
     * @param plan           the plan measured
     */
    public record GroupPlan(String group, String groupPrecision, Plan plan) {
    }
}
