package org.peerlink.store.jdbc.h2;

import java.nio.file.Path;
import java.util.List;

import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.store.jdbc.relay.H2RelayStorage;

/**
 * Run as a separate JVM by {@link H2DatabaseTest}: opens the data directory, enqueues envelopes one commit
 * at a time, says so on stdout, then holds the directory until it is killed.
 */
public final class DataDirectoryHolder {

    static final String COMMITTED = "committed";

    private DataDirectoryHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args[0]);
        int envelopes = Integer.parseInt(args[1]);
        H2Database database = H2Database.open(dataDir);
        H2RelayStorage storage = new H2RelayStorage(database);
        for (int i = 0; i < envelopes; i++) {
            storage.enqueue(List.of(new QueuedEnvelope("bob", "m" + i, "{\"n\":" + i + "}", Long.MAX_VALUE)), 0);
        }
        System.out.println(COMMITTED);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
