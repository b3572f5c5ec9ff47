/** Datasets: parsing {@code -p dataset=}, and preprocessed image sets ready to feed a model. */
package org.vitwatt.core.data;
