package org.peerlink.signal.register;

import java.time.Duration;

class InMemoryNonceWindowTest extends NonceWindowContract {

    @Override
    protected NonceWindow open(Duration window) {
        return new InMemoryNonceWindow(window);
    }
}
