/**
 * The plan search: which mixed-precision plan to run on a model. Each group alone at each lower precision gives a
 * sensitivity (loss against FP32, cost saved); a greedy walk from FP32 lowers the least sensitive groups first,
 * measures every plan it forms, and keeps the Pareto set of cost against loss within a budget.
 */
package org.vitwatt.core.search;
