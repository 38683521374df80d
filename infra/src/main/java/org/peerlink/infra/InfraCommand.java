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
}
