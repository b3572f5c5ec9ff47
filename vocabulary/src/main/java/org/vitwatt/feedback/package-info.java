/**
 * The words vitwatt uses with people: {@link org.vitwatt.feedback.VitwattException}, the one user-error type (its
 * message is the single line a user sees: the file, value or flag at fault and what to do), and
 * {@link org.vitwatt.feedback.Progress}, the one sink for progress and warnings.
 */
package org.vitwatt.feedback;
