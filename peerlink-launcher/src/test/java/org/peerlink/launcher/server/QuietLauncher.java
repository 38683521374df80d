package org.peerlink.launcher.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.peerlink.launcher.Main;
import org.peerlink.launcher.PeerLinkServer;

/** The launcher in-process, as its command line starts it, on free ports and with its output dropped. */
final class QuietLauncher {

    private QuietLauncher() {
    }

    /** Both services on ports 0 in {@code dataDir}, then {@code options}. */
    static PeerLinkServer start(Path dataDir, String... options) {
        String[] first = {"--relay-port", "0", "--signal-port", "0", "--admin-port", "0", "--data-dir",
                dataDir.toString()};
        String[] args = new String[options.length + first.length];
        System.arraycopy(first, 0, args, 0, first.length);
        System.arraycopy(options, 0, args, first.length, options.length);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Main.run(args, Map.of(), quiet, quiet).server().orElseThrow();
    }
}
