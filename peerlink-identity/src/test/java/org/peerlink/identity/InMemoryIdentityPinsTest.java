package org.peerlink.identity;

class InMemoryIdentityPinsTest extends IdentityPinsContract {

    @Override
    protected IdentityPins open() {
        return new InMemoryIdentityPins();
    }

    @Override
    protected IdentityPins reopen(IdentityPins pins) {
        return pins;
    }
}
