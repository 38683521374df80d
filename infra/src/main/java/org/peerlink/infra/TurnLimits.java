package org.peerlink.infra;

/**
 * Optional coturn quotas and bandwidth limits; 0 means no limit.
 *
 * @param userQuota   concurrent allocations per user
 * @param totalQuota  concurrent allocations in total
 * @param maxBps      bytes per second per TURN session
 * @param bpsCapacity bytes per second for the whole server
 */
public record TurnLimits(long userQuota, long totalQuota, long maxBps, long bpsCapacity) {

    /** No limits. */
    public static final TurnLimits NONE = new TurnLimits(0, 0, 0, 0);

    /**
     * Checks that no value is negative.
     */
    public TurnLimits {
        if (userQuota < 0 || totalQuota < 0 || maxBps < 0 || bpsCapacity < 0) {
            throw new IllegalArgumentException("TURN limits must not be negative");
        }
    }
}
