package org.vitwatt.power;

import java.io.IOException;

/**
 * A sensor that cannot be opened or read: missing, permission denied, library absent, device lost.
 * {@link #getMessage()} is a one-line human reason that names the file or call and, where there is one, the fix.
 */
public final class SensorException extends IOException {
    private static final long serialVersionUID = 1L;

    public SensorException(String reason) {
        super(reason);
    }

    public SensorException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
