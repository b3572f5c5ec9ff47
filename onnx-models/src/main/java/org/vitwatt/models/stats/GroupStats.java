package org.vitwatt.models.stats;

/**
 * One node group of a model as {@code stats} lists it.
 *
 * @param name      {@code patch_embed}, {@code encoder}, {@code stages[k]}, {@code blocks[i]}, {@code head} or
 *                  {@code others}
 * @param label     what the graph's names call it ({@code blocks.3}, {@code features.1.0}), or ""
 * @param nodes     its node count
 * @param macs      its MACs per image
 * @param macsShare its share of the model's MACs, in percent
 */
public record GroupStats(String name, String label, int nodes, long macs, double macsShare) {
}
