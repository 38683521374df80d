package org.peerlink.launcher;

/**
 * Help text, generated from {@link LauncherOption}.
 */
public final class Usage {

    /** Shown after a usage error. */
    public static final String HINT = "Run 'java -jar peerlink-launcher.jar --help' for the list of options.";

    private Usage() {
    }

    /**
     * The full {@code --help} text.
     *
     * @return multi-line help, ending with a newline
     */
    public static String text() {
        String[][] rows = new String[LauncherOption.values().length + 1][];
        rows[0] = new String[] {"Option", "Environment", "Default", "Meaning"};
        int i = 1;
        for (LauncherOption option : LauncherOption.values()) {
            String name = option.takesValue() ? option.flag() + " " + option.valueName() : option.flag();
            rows[i++] = new String[] {
                    name,
                    option.envVar().orElse("-"),
                    option.defaultValue().orElse("-"),
                    option.description()
            };
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }

        StringBuilder out = new StringBuilder();
        out.append("Usage: java -jar peerlink-launcher.jar [options]\n")
                .append('\n')
                .append("Starts the PeerLink relay (HTTP) and signal (WebSocket) listeners in one process.\n")
                .append('\n');
        for (String[] row : rows) {
            out.append("  ");
            for (int c = 0; c < widths.length; c++) {
                out.append(pad(row[c], widths[c])).append("  ");
            }
            out.append(row[3]).append('\n');
        }
        out.append('\n')
                .append("Commands:\n")
                .append("  infra render --public-host HOST --out DIR [options]\n")
                .append("      Write haproxy.cfg, turnserver.conf, docker-compose.yml, a systemd unit, its environment\n")
                .append("      file and a self-signed certificate for HOST (see: infra render --help).\n")
                .append('\n')
                .append("Options also accept --name=value. Precedence: command line > environment > config file > defaults.\n")
                .append("Config file keys are the option names without the dashes (relay-port: 4000, retention: 3600).\n")
                .append("Exit codes: 0 ok, 1 startup failure, 2 bad option or value.\n");
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
