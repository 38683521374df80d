package org.peerlink.relay.request;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests in progress per client address, at most a given number each (issue 13, finding 10). A client trickling
 * request bodies in holds a connection for each, up to the body read timeout; without a bound per address one
 * client could hold every connection the relay listener takes ({@code --max-relay-connections}).
 */
public final class RequestsInFlight {

    private final int maxPerAddress;
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();

    public RequestsInFlight(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be positive");
        }
        this.maxPerAddress = maxPerAddress;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** Takes a place for {@code address}; false, taking none, when it has {@link #maxPerAddress()} already. */
    public boolean tryEnter(String address) {
        boolean[] entered = new boolean[1];
        byAddress.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerAddress) {
                return count;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    /** Gives back a place {@link #tryEnter} took; an address with none left is forgotten. */
    public void leave(String address) {
        byAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Addresses with a request in progress, for tests and metrics. */
    public int addresses() {
        return byAddress.size();
    }
}
