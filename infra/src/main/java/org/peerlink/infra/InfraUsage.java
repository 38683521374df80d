package org.peerlink.infra;

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
        return InfraOptionsParser.OPTIONS.helpText(
                "Usage: java -jar peerlink-launcher.jar infra render --public-host HOST --out DIR [options]\n"
                        + "\n"
                        + "Writes the deployment files for one host into DIR: haproxy.cfg, turnserver.conf,\n"
                        + "docker-compose.yml, peerlink.service, peerlink.env, and tls/ with a self-signed certificate\n"
                        + "(IP SAN for an IP, DNS SAN for a name; an existing one that still fits is kept).\n"
                        + "It also writes import-link.txt, the peerlink://config link that adds these servers to the\n"
                        + "PeerLink app, and prints the link last (without TURN entries for --turn-secret).\n"
                        + "TURN needs --turn-user and --turn-password, or --turn-secret.\n",
                "Options also accept --name=value. Precedence: command line > environment > defaults.\n"
                        + "Exit codes: 0 ok, 1 a file could not be written, 2 bad option or value.\n");
    }
}
