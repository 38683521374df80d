package org.peerlink.launcher;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ByteSizeTest {

    @Test
    void plainAndBinaryUnits() {
        assertEquals(OptionalLong.of(20_971_520), ByteSize.parse("20971520"));
        assertEquals(OptionalLong.of(20_971_520), ByteSize.parse("20MiB"));
        assertEquals(OptionalLong.of(2048), ByteSize.parse("2 KiB"));
        assertEquals(OptionalLong.of(ByteSize.MAX), ByteSize.parse("1gib"));
        assertEquals(OptionalLong.of(ByteSize.MAX), ByteSize.parse(Long.toString(ByteSize.MAX)));
    }

    @Test
    void rejects() {
        for (String bad : new String[] {"", " ", "0", "0MiB", "-5", "1.5MiB", "1e6", "20MB", "20M", "KiB", "1 GiB x",
                "1025MiB", "9999999999GiB", "12345678901", "1TiB"}) {
            assertEquals(OptionalLong.empty(), ByteSize.parse(bad), bad);
        }
    }

    /** Quotas and the free-disk watermark are sizes on disk: past a GiB, and zero where zero means "off". */
    @Test
    void diskSizes() {
        assertEquals(OptionalLong.of(2L << 30), ByteSize.parse("2GiB", 1, ByteSize.MAX_DISK));
        assertEquals(OptionalLong.of(ByteSize.MAX_DISK), ByteSize.parse("1024TiB", 1, ByteSize.MAX_DISK));
        assertEquals(OptionalLong.of(0), ByteSize.parse("0", 0, ByteSize.MAX_DISK));
        assertEquals(OptionalLong.empty(), ByteSize.parse("0", 1, ByteSize.MAX_DISK));
        assertEquals(OptionalLong.empty(), ByteSize.parse("1025TiB", 1, ByteSize.MAX_DISK));
        assertEquals(OptionalLong.empty(), ByteSize.parse("99999999999999999", 1, ByteSize.MAX_DISK));
    }
}
