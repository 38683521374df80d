package org.peerlink.launcher;

import org.peerlink.options.UsageException;

/**
 * Help text, generated from {@link LauncherOption}.
 */
public final class Usage {

    /** Shown after a usage error. */
    public static final String HINT = "Run 'java -jar peerlink-launcher.jar --help' for the list of options.";

    private Usage() {
    }

    /**
     * A bad command line, environment or config file of the launcher, pointing at its help.
     *
     * @param message one line: what is wrong
     * @return the exception to throw
     */
    static UsageException problem(String message) {
        return new UsageException(message, HINT);
    }

    /**
     * The full {@code --help} text.
     *
     * @return multi-line help, ending with a newline
     */
    public static String text() {
        return LauncherOptionsParser.OPTIONS.helpText(
                "Usage: java -jar peerlink-launcher.jar [options]\n"
                        + "\n"
                        + "Starts the PeerLink relay (HTTP) and signal (WebSocket) listeners in one process.\n",
                "Commands:\n"
                        + "  infra render --public-host HOST --out DIR [options]\n"
                        + "      Write haproxy.cfg, turnserver.conf, docker-compose.yml, a systemd unit, its environment\n"
                        + "      file, a self-signed certificate for HOST and the app's import link, also as a QR code\n"
                        + "      (see: infra render --help).\n"
                        + "  infra qr TEXT\n"
                        + "      Draw TEXT (the import link) as a QR code in the terminal, for the app's import scanner.\n"
                        + "  admin pins list [options]\n"
                        + "  admin pins release PEER_ID [options]\n"
                        + "      List the identity pins (peerId, key, pinned, last used), or release one so that the peerId's\n"
                        + "      next register pins it again; against the --data-dir of a stopped server.\n"
                        + "  admin backup --to FILE [options]\n"
                        + "      A consistent copy of the store (a zip) from the running server's admin listener\n"
                        + "      (--admin-host, --admin-port), without stopping it; of the --data-dir when no server runs.\n"
                        + "  admin restore --from FILE [options]\n"
                        + "      Put a backup into the --data-dir, which must hold no database yet; then start the server.\n"
                        + "  admin stats [options]\n"
                        + "      The headline numbers of the running server (its status page, as text).\n"
                        + "\n"
                        + "Options also accept --name=value. Precedence: command line > environment > config file > defaults.\n"
                        + "Config file keys are the option names without the dashes (relay-port: 4000, retention: 3600).\n"
                        + "Exit codes: 0 ok, 1 startup failure, 2 bad option or value, 3 no pin to release.\n");
    }
}
