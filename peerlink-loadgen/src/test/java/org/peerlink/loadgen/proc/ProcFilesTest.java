package org.peerlink.loadgen.proc;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcFilesTest {

    @Test
    void cpuTicksAreFields14And15() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 52141 0 3 0 1234 567 0 0 20 0 41 0 9851 "
                + "3852566528 61234 18446744073709551615 1 1 0 0 0 0 0 16781312 16386 0 0 0 17 1 0 0 0 0 0";
        ProcFiles.CpuTicks ticks = ProcFiles.cpuTicks(stat);
        assertEquals(1234, ticks.user());
        assertEquals(567, ticks.system());
        assertEquals(1801, ticks.total());
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "77 (my (odd) name) R 1 77 77 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 5 0 0";
        assertEquals(new ProcFiles.CpuTicks(10, 20), ProcFiles.cpuTicks(stat));
    }

    @Test
    void aBrokenLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcFiles.cpuTicks("no parentheses here"));
        assertThrows(IllegalArgumentException.class, () -> ProcFiles.cpuTicks("1 (x) S 1 2"));
    }

    @Test
    void statusValuesInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  250000 kB\nVmRSS:\t  123456 kB\nThreads:\t41\n";
        assertEquals(Optional.of(123456L * 1024), ProcFiles.statusBytes(status, "VmRSS"));
        assertEquals(Optional.of(250000L * 1024), ProcFiles.statusBytes(status, "VmHWM"));
        assertTrue(ProcFiles.statusBytes(status, "VmSwap").isEmpty());
    }

    @Test
    void theGeneratorCanReadItself() {
        ProcessProbe self = ProcessProbe.self();
        if (!self.readable()) {
            return; // not Linux
        }
        assertTrue(self.rssBytes() > 0);
        assertTrue(self.cpuNanos() >= 0);
    }
}
