package org.peerlink.loadgen;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnitsTest {

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(20), Units.duration("20s"));
        assertEquals(Duration.ofSeconds(20), Units.duration("20"));
        assertEquals(Duration.ofMillis(500), Units.duration("500ms"));
        assertEquals(Duration.ofMillis(1500), Units.duration("1.5s"));
        assertEquals(Duration.ofMinutes(2), Units.duration("2m"));
        assertEquals(Duration.ofHours(1), Units.duration("1h"));
        assertThrows(IllegalArgumentException.class, () -> Units.duration("-1s"));
        assertThrows(IllegalArgumentException.class, () -> Units.duration("soon"));
    }

    @Test
    void sizes() {
        assertEquals(256, Units.bytes("256"));
        assertEquals(256, Units.bytes("256B"));
        assertEquals(32L << 20, Units.bytes("32MiB"));
        assertEquals(512L << 10, Units.bytes("512k"));
        assertEquals(1L << 30, Units.bytes("1GiB"));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("MiB"));
    }

    @Test
    void formatting() {
        assertEquals("512 B", Units.formatBytes(512));
        assertEquals("1.5 KiB", Units.formatBytes(1536));
        assertEquals("32.0 MiB", Units.formatBytes(32L << 20));
        assertEquals("1504", Report.format(1504.4));
        assertEquals("19.4", Report.format(19.44));
        assertEquals("0.700", Report.format(0.7));
    }
}
