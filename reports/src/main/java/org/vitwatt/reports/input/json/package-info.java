/**
 * A strict, streaming JSON reader over UTF-8 bytes ({@link org.vitwatt.reports.input.json.JsonPullReader}) and its
 * syntax error ({@link org.vitwatt.reports.input.json.JsonSyntaxException}): what the result readers use to go
 * through hundreds of megabytes of JMH JSON at the speed of the disk cache, skipping what a report does not need.
 */
package org.vitwatt.reports.input.json;
