package org.vitwatt.core.run;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX Runtime session with the options it was built from. ONNX Runtime's contract is that a
 * {@link OrtSession.SessionOptions} (and the provider options registered on it) stays open until every session built
 * from it is closed, since closing it may release resources the session still uses; this object keeps them together
 * and closes them in that order.
 */
public final class OpenSession implements AutoCloseable {
    private final OrtSession session;
    private final List<AutoCloseable> options;

    OpenSession(OrtSession session, List<AutoCloseable> options) {
        this.session = session;
        this.options = List.copyOf(options);
    }

    /** The session. */
    public OrtSession session() {
        return session;
    }

    /** Closes the session, then its options (last registered first); every close is attempted. */
    @Override
    public void close() throws OrtException {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(session);
        for (int i = options.size() - 1; i >= 0; i--) {
            all.add(options.get(i));
        }
        Closing.all(all);
    }
}
