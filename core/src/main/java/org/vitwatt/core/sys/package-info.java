/** The machine and process a result was measured on: CPU, memory, ONNX Runtime version, resident memory. */
package org.vitwatt.core.sys;
