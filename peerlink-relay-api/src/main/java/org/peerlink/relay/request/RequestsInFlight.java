package org.peerlink.relay.request;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in progress per client address, at most a given number each (issue 13, finding 10). A client trickling
 * request bodies in holds a connection for each, up to the body read timeout; without a bound per address one
 * client could hold every connection the relay listener takes ({@code --max-relay-connections}).
 */
public final class RequestsInFlight {

    private final int maxPerAddress;
    /**
     * Each address's count, changed without a lock: every relay request enters and leaves, most from the one address
     * of a proxy without the PROXY protocol, and a lock per request there was measurable. A count that falls to
     * zero is retired (set to -1) and taken out; an entrant that meets a retired one makes a new one.
     */
    private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

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
        while (true) {
            AtomicInteger count = byAddress.computeIfAbsent(address, key -> new AtomicInteger());
            int now = count.get();
            if (now >= maxPerAddress) {
                return false;
            }
            if (now >= 0 && count.compareAndSet(now, now + 1)) {
                return true;
            }
            if (now < 0) {
                byAddress.remove(address, count); // retired by a leave that has not taken it out yet
            }
        }
    }

    /** Gives back a place {@link #tryEnter} took; an address with none left is forgotten. */
    public void leave(String address) {
        AtomicInteger count = byAddress.get(address);
        if (count != null && count.decrementAndGet() == 0 && count.compareAndSet(0, -1)) {
            byAddress.remove(address, count);
        }
    }

    /** Addresses with a request in progress, for tests and metrics. */
    public int addresses() {
        return byAddress.size();
    }
}
