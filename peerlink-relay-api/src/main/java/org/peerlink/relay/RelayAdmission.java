package org.peerlink.relay;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link RelayService#admit} decided for one request: go ahead, holding one of its client address's places
 * among the requests in progress until it is closed, or the answer to send instead (429). A transport closes it
 * once the response is sent, whichever it was; closing twice gives the place back once.
 */
public final class RelayAdmission implements AutoCloseable {

    private final RelayResponse refusal;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RelayAdmission(RelayResponse refusal, Runnable release) {
        this.refusal = refusal;
        this.release = release;
    }

    static RelayAdmission admitted(Runnable release) {
        return new RelayAdmission(null, release);
    }

    static RelayAdmission refused(RelayResponse refusal) {
        return new RelayAdmission(refusal, () -> { });
    }

    /** The answer to send instead of handling the request; empty to go ahead. */
    public Optional<RelayResponse> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
