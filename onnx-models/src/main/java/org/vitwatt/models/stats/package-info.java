/** Parameter and MAC counts of any ONNX graph, computed like timm's published figures (fvcore rules). */
package org.vitwatt.models.stats;
