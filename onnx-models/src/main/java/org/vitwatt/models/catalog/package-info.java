/** The model catalog: names, architectures, preprocessing and published figures (with sources). */
package org.vitwatt.models.catalog;
