/**
 * Accuracy: top-1 / top-5 over a model's logits on a labelled dataset, the per-image top-1 predictions
 * (for agreement between precisions), and the rules that decide when accuracy is "n/a" rather than a number.
 */
package org.vitwatt.core.accuracy;
