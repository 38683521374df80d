package org.peerlink.loadgen;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** One line per phase on stderr, so a long run shows where it is and scripts can act between phases. */
public final class Progress {

    private Progress() {
    }

    public static void say(String what) {
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " loadgen: " + what);
        System.err.flush();
    }
}
