package org.peerlink.signal.hub;

/** A run is a hub; the log outlives it, as it does for an embedding that restarts its hub. */
class InMemoryLastSeenLogTest extends LastSeenLogContract {

    private final InMemoryLastSeenLog log = new InMemoryLastSeenLog();

    @Override
    protected LastSeenLog start() {
        return log;
    }

    @Override
    protected void stop(LastSeenLog log) {
    }
}
