package org.peerlink.store.jdbc.relay;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.peerlink.relay.RelayServiceContract;
import org.peerlink.relay.storage.RelayStorage;

class H2RelayServiceTest extends RelayServiceContract {

    @RegisterExtension
    final TemporaryH2Store h2 = new TemporaryH2Store();

    @Override
    protected RelayStorage openStorage() {
        return h2.open();
    }
}
