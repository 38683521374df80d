package org.peerlink.launcher.infra;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.infra.InfraOption;
import org.peerlink.infra.InfraOptionsParser;
import org.peerlink.infra.Rendering;
import org.peerlink.launcher.Main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar peerlink-launcher.jar infra ...}: help, exit codes, messages. */
class InfraCommandLineTest {

    @TempDir
    Path dir;

    /** {@code java -jar peerlink-launcher.jar <args>} in this JVM. */
    private static Rendering.Result launcher(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.Outcome outcome = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Rendering.Result(outcome.exitCode(), out.toString(StandardCharsets.UTF_8),
                                    err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLaunchersHelpNamesTheCommand() {
        Rendering.Result help = launcher(Map.of(), "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("\n  infra render --public-host HOST --out DIR [options]\n"), help.out());
    }

    @Test
    void renderHelpListsEveryOption() {
        for (String[] args : new String[][] {{"infra", "--help"}, {"infra", "render", "--help"}, {"infra", "render", "-h"}}) {
            Rendering.Result help = launcher(Map.of(), args);
            assertEquals(0, help.exitCode());
            assertEquals("", help.err());
            assertTrue(help.out().startsWith("Usage: java -jar peerlink-launcher.jar infra render --public-host HOST "
                                                     + "--out DIR [options]\n"), help.out());
            for (InfraOption option : InfraOption.values()) {
                String name = option.takesValue() ? option.flag() + " " + option.valueName() : option.flag();
                assertTrue(help.out().contains("  " + name + " "), name + " missing in\n" + help.out());
                option.envVar().ifPresent(v -> assertTrue(help.out().contains(" " + v + " "), v));
            }
        }
    }

    @Test
    void aBadValueIsExitCodeTwoWithTheInfraHint() {
        Rendering.Result bad = launcher(Map.of("TURN_SECRET", "s"), "infra", "render", "--public-host", "203.0.113.7",
                                             "--out", dir.toString(), "--public-ip", "nope");
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertEquals(List.of("peerlink: invalid value 'nope' for --public-ip (from command line): expected an IPv4 or "
                                     + "IPv6 address", InfraOptionsParser.HINT), bad.errLines());
        assertEquals("", bad.out());
    }

    @Test
    void anUnwritableDirectoryIsExitCodeOne() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Rendering.Result failed = launcher(Map.of("TURN_SECRET", "s"), "infra", "render",
                                                "--public-host", "203.0.113.7", "--out", file.resolve("sub").toString());
        assertEquals(1, failed.exitCode());
        assertEquals(1, failed.errLines().size(), failed.err());
        assertTrue(failed.err().startsWith("peerlink infra render: "), failed.err());
        assertTrue(failed.err().contains(file.toString()), failed.err());
    }
}
