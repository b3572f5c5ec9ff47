/** The {@code ingest}, {@code compare} and {@code trend} subcommands of {@code vitwatt-reports.jar}: the only history
 * classes that print. */
package org.vitwatt.reports.history.cli;
