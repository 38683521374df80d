package org.peerlink.relay;

import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.memory.InMemoryRelayStorage;

class InMemoryRelayServiceTest extends RelayServiceContract {

    @Override
    protected RelayStorage openStorage() {
        return new InMemoryRelayStorage();
    }
}
