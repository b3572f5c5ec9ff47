/**
 * What every subcommand of {@code vitwatt-reports.jar} parses the same way: percentages
 * ({@link org.vitwatt.reports.cli.args.Percent}).
 */
package org.vitwatt.reports.cli.args;
