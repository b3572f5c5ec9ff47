/** The {@code vitwatt-models.jar} command line: {@code list}, {@code build}, {@code stats}. */
package org.vitwatt.models.cli;
