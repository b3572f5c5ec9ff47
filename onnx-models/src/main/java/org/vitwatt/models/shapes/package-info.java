/**
 * The element type and shape of every value of a graph, as ONNX Runtime computes them on an input of the real
 * shape ({@link org.vitwatt.models.shapes.ShapeOracle}): what parameter and MAC counts, node groups and the
 * precision transforms read, instead of a second, hand-written type and shape inference.
 */
package org.vitwatt.models.shapes;
