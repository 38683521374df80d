package org.peerlink.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void valuesFlagsAndDefaults() {
        Options options = Options.parse(new String[] {"relay-store", "--connections", "8", "--duration=3s",
                "--no-profile", "--relay", "http://10.0.0.1:4100"}, 1);
        assertEquals(8, options.integer("connections", 32));
        assertEquals(3, options.duration("duration", "20s").toSeconds());
        assertTrue(options.flag("no-profile"));
        assertEquals(new Endpoint("10.0.0.1", 4100), options.endpoint("relay", "http://127.0.0.1:4000"));
        assertEquals(5, options.duration("warmup", "5s").toSeconds());
        options.rejectUnused();
    }

    @Test
    void anOptionNoWorkloadReadIsRefused() {
        Options options = Options.parse(new String[] {"blob", "--conections", "8"}, 1);
        options.integer("connections", 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, options::rejectUnused);
        assertTrue(e.getMessage().contains("--conections"));
    }

    @Test
    void theServerAddressesAreAcceptedByEveryWorkload() {
        Options options = Options.parse(new String[] {"blob", "--signal", "ws://127.0.0.1:3000", "--relay",
                "http://127.0.0.1:4000", "--server-pid", "1"}, 1);
        options.rejectUnused();
    }

    @Test
    void endpoints() {
        assertEquals(new Endpoint("127.0.0.1", 3000), Endpoint.parse("ws://127.0.0.1:3000"));
        assertEquals("[::1]:80", Endpoint.parse("http://[::1]").hostHeader());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("https://example.org"));
    }
}
