/** ONNX Runtime sessions: options per provider and precision, provider probing, the measured session. */
package org.vitwatt.core.run;
