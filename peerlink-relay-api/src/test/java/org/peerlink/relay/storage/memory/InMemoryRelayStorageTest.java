package org.peerlink.relay.storage.memory;

import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.RelayStorageContract;

class InMemoryRelayStorageTest extends RelayStorageContract {

    @Override
    protected RelayStorage open() {
        return new InMemoryRelayStorage();
    }
}
