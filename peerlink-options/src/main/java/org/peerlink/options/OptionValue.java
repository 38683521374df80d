package org.peerlink.options;

/**
 * An option's value as text, with where it came from: error messages name the origin, since a bad value may sit
 * in an environment variable or a config file the user does not have in mind.
 *
 * @param value  the text as given
 * @param origin e.g. {@code command line}, {@code environment variable PEERLINK_RELAY_PORT}, {@code default}
 */
public record OptionValue(String value, String origin) {

    /**
     * The option's default.
     *
     * @param option an option that has a default
     * @return the default, from {@code default}
     * @throws java.util.NoSuchElementException if the option has none
     */
    public static OptionValue defaultOf(CommandLineOption option) {
        return new OptionValue(option.defaultValue().orElseThrow(), "default");
    }
}
