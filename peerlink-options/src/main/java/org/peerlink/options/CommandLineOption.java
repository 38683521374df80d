package org.peerlink.options;

import java.util.Optional;

/**
 * One option of a command: the launcher and {@code infra render} each list theirs in an enum implementing this,
 * so that parsing ({@link OptionTable}), {@code --help} and the README tables cannot disagree.
 */
public interface CommandLineOption {

    /**
     * The option's row in the table.
     *
     * @param key          name without the dashes, e.g. {@code relay-port}
     * @param valueName    placeholder for the value in the help text; null for a flag that takes no value
     * @param defaultValue default as text; null if there is none or it is computed from other options
     * @param envVar       environment variable that sets the option when the command line does not; null for none
     * @param description  one line for the help text
     */
    record Spec(String key, String valueName, String defaultValue, String envVar, String description) {
    }

    /**
     * The option's row in the table.
     *
     * @return spec
     */
    Spec spec();

    /**
     * Name without the dashes.
     *
     * @return e.g. {@code relay-port}
     */
    default String key() {
        return spec().key();
    }

    /**
     * Command-line form.
     *
     * @return e.g. {@code --relay-port}
     */
    default String flag() {
        return "--" + key();
    }

    /**
     * Whether the option takes a value ({@code --help} does not).
     *
     * @return true for options with a value
     */
    default boolean takesValue() {
        return spec().valueName() != null;
    }

    /**
     * Placeholder for the value in the help text.
     *
     * @return e.g. {@code PORT}, empty for flags
     */
    default String valueName() {
        return takesValue() ? spec().valueName() : "";
    }

    /**
     * Default value as text.
     *
     * @return the default; empty if there is none or it is computed from other options
     */
    default Optional<String> defaultValue() {
        return Optional.ofNullable(spec().defaultValue());
    }

    /**
     * Environment variable that sets this option when the command line does not.
     *
     * @return e.g. {@code PEERLINK_RELAY_PORT}; empty if there is none
     */
    default Optional<String> envVar() {
        return Optional.ofNullable(spec().envVar());
    }

    /**
     * One-line description for the help text.
     *
     * @return description
     */
    default String description() {
        return spec().description();
    }
}
