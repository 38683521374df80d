package org.peerlink.launcher.infra;

/**
 * {@code infra render --help}, generated from {@link InfraOption}.
 */
public final class InfraUsage {

    private InfraUsage() {
    }

    /**
     * The full help text.
     *
     * @return multi-line help, ending with a newline
     */
    public static String text() {
        InfraOption[] options = InfraOption.values();
        String[][] rows = new String[options.length + 1][];
        rows[0] = new String[] {"Option", "Environment", "Default", "Meaning"};
        for (int i = 0; i < options.length; i++) {
            InfraOption option = options[i];
            rows[i + 1] = new String[] {
                    option.takesValue() ? option.flag() + " " + option.valueName() : option.flag(),
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
        out.append("Usage: java -jar peerlink-launcher.jar infra render --public-host HOST --out DIR [options]\n")
                .append('\n')
                .append("Writes the deployment files for one host into DIR: haproxy.cfg, turnserver.conf,\n")
                .append("docker-compose.yml, peerlink.service, peerlink.env, and tls/ with a self-signed certificate\n")
                .append("(IP SAN for an IP, DNS SAN for a name; an existing one that still fits is kept).\n")
                .append("TURN needs --turn-user and --turn-password, or --turn-secret.\n")
                .append('\n');
        for (String[] row : rows) {
            out.append("  ");
            for (int c = 0; c < widths.length; c++) {
                out.append(row[c]).append(" ".repeat(widths[c] - row[c].length())).append("  ");
            }
            out.append(row[3]).append('\n');
        }
        out.append('\n')
                .append("Options also accept --name=value. Precedence: command line > environment > defaults.\n")
                .append("Exit codes: 0 ok, 1 a file could not be written, 2 bad option or value.\n");
        return out.toString();
    }
}
