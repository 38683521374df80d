package org.peerlink.relay.storage.h2;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.peerlink.relay.RelayServiceContract;
import org.peerlink.relay.storage.RelayStorage;

class H2RelayServiceTest extends RelayServiceContract {

    @TempDir
    Path dataDir;

    private H2Database database;

    @Override
    protected RelayStorage openStorage() {
        database = H2Database.open(dataDir);
        return new H2RelayStorage(database);
    }

    @Override
    protected void release() {
        database.close();
    }
}
