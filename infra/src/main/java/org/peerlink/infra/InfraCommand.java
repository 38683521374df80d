package org.peerlink.infra;

/**
 * What {@code java -jar peerlink-launcher.jar infra ...} asks for.
 */
public sealed interface InfraCommand {

    /**
     * {@code infra --help} or {@code infra render --help}.
     */
    record Help() implements InfraCommand {
    }

    /**
     * {@code infra render ...}: write the configs and the certificate.
     *
     * @param settings validated settings
     */
    record Render(InfraSettings settings) implements InfraCommand {
    }

    /**
     * {@code infra qr TEXT}: draw TEXT (an import link) as a QR code in the terminal.
     *
     * @param text what the code holds
     */
    record Qr(String text) implements InfraCommand {
    }
}
