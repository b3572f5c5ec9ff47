/** Resolution of a model name to an ONNX file: user files first, then the builder's cached output. */
package org.vitwatt.models.store;
