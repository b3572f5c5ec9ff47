package org.vitwatt.power;

import org.vitwatt.feedback.VitwattException;

/**
 * A configuration the user can fix: an unknown reader id, an unknown rail, bad option syntax, a missing TDP.
 * The message is one line that names the offending value and says what to do.
 */
public final class PowerConfigException extends VitwattException {
    private static final long serialVersionUID = 1L;

    public PowerConfigException(String message) {
        super(message);
    }
}
