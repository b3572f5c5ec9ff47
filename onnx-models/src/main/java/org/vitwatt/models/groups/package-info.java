/**
 * The groups of a Vision Transformer's nodes that precision plans address — patch embedding, transformer blocks
 * and their stages, head, others — found from the graph's structure (residual branches, attention, the stream's
 * size), with names used only as labels ({@link org.vitwatt.models.groups.NodeGroups}).
 */
package org.vitwatt.models.groups;
