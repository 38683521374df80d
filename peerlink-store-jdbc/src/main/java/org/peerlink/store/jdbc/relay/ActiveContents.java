package org.peerlink.store.jdbc.relay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contents that downloads are reading now. A download reads its blob window by window, each on a connection it
 * holds only for that window, so nothing in the database keeps the bytes for it: the sweep leaves an active content
 * alone when it deletes its expired blob, and the last download to finish deletes it.
 */
final class ActiveContents {

    private final Map<Long, Integer> readers = new ConcurrentHashMap<>();

    void acquire(long contentId) {
        readers.merge(contentId, 1, Integer::sum);
    }

    /** @return whether that was the last reader of the content */
    boolean release(long contentId) {
        boolean[] last = new boolean[1];
        readers.computeIfPresent(contentId, (id, count) -> {
            last[0] = count == 1;
            return count == 1 ? null : count - 1;
        });
        return last[0];
    }

    boolean isActive(long contentId) {
        return readers.containsKey(contentId);
    }
}
