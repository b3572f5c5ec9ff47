/**
 * What every subcommand of {@code vitwatt-reports.jar} parses or says the same way: percentages
 * ({@link org.vitwatt.reports.cli.args.Percent}) and file-system failures in words
 * ({@link org.vitwatt.reports.cli.args.IoFailure}).
 */
package org.vitwatt.reports.cli.args;
