package org.peerlink.options;

import java.util.Map;
import java.util.Optional;

/**
 * What the command line and the environment give for a command's options (command line first). Config files and
 * computed defaults are the command's own business.
 *
 * @param <O> the command's option enum
 */
public final class GivenOptions<O extends Enum<O> & CommandLineOption> {

    private final Map<O, String> commandLine;
    private final Map<String, String> env;

    GivenOptions(Map<O, String> commandLine, Map<String, String> env) {
        this.commandLine = commandLine;
        this.env = env;
    }

    /**
     * Whether the option is on the command line; the way to ask about flags.
     *
     * @param option option
     * @return true if given on the command line
     */
    public boolean has(O option) {
        return commandLine.containsKey(option);
    }

    /**
     * The option's value from the command line, else from its environment variable.
     *
     * @param option option
     * @return the value, or empty if neither gives one
     */
    public Optional<OptionValue> get(O option) {
        String fromCommandLine = commandLine.get(option);
        if (fromCommandLine != null) {
            return Optional.of(new OptionValue(fromCommandLine, "command line"));
        }
        if (option.envVar().isPresent()) {
            String name = option.envVar().get();
            String fromEnv = env.get(name);
            // an empty variable counts as unset (VAR= in a shell, an env file or a compose file)
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.of(new OptionValue(fromEnv, "environment variable " + name));
            }
        }
        return Optional.empty();
    }

    /**
     * The option's value from the command line or the environment, else its default.
     *
     * @param option an option that has a default
     * @return the value
     */
    public OptionValue getOrDefault(O option) {
        return get(option).orElseGet(() -> OptionValue.defaultOf(option));
    }
}
