/**
 * Parameter, buffer and MAC counts of any ONNX graph, computed like the source model and timm's published figures
 * count them (fvcore rules), from the shapes ONNX Runtime reports, and the node groups with their MAC shares.
 */
package org.vitwatt.models.stats;
