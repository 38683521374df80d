package org.peerlink.options;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A command's options: reads its command line and renders the option table of its {@code --help}. The launcher
 * and {@code infra render} share it so that both take options the same way ({@code --name value},
 * {@code --name=value}, {@code -h}) and print them in the same layout.
 *
 * @param <O> the command's option enum
 */
public final class OptionTable<O extends Enum<O> & CommandLineOption> {

    private final Class<O> type;
    private final O help;
    private final String command;
    private final String hint;

    /**
     * Create.
     *
     * @param type    the option enum; its order is the order of the help table
     * @param help    the option {@code -h} stands for
     * @param command appended to "unknown option --x", e.g. {@code " for infra render"}; empty for the launcher
     * @param hint    line printed after a usage error, pointing at the right help
     */
    public OptionTable(Class<O> type, O help, String command, String hint) {
        this.type = type;
        this.help = help;
        this.command = command;
        this.hint = hint;
    }

    /**
     * Find an option by its name without the dashes.
     *
     * @param key e.g. {@code relay-port}
     * @return the option, or empty
     */
    public Optional<O> fromKey(String key) {
        for (O option : type.getEnumConstants()) {
            if (option.key().equals(key)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    /**
     * Read the command line; the last occurrence of an option wins.
     *
     * @param args command-line arguments
     * @param from index of the first option in {@code args} (after any sub-command words)
     * @param env  environment variables, for the options that have one
     * @return the options given
     * @throws UsageException on an unknown option, a stray argument or a missing value
     */
    public GivenOptions<O> read(String[] args, int from, Map<String, String> env) throws UsageException {
        Map<O, String> values = new EnumMap<>(type);
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                values.put(help, "");
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw error("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            O option = fromKey(key).orElseThrow(() -> error("unknown option --" + key + command));
            if (!option.takesValue()) {
                if (eq >= 0) {
                    throw error("option " + option.flag() + " does not take a value");
                }
                values.put(option, "");
            } else if (eq >= 0) {
                values.put(option, arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                values.put(option, args[++i]);
            } else {
                throw error("option " + option.flag() + " needs a value (" + option.valueName() + ")");
            }
        }
        return new GivenOptions<>(values, env);
    }

    /**
     * A usage error of this command.
     *
     * @param message one-line description of the problem
     * @return the exception, with this command's hint
     */
    public UsageException error(String message) {
        return new UsageException(message, hint);
    }

    /**
     * A usage error for a value that does not parse or is out of range.
     *
     * @param option   the option
     * @param value    the bad value
     * @param expected what would have been fine, e.g. {@code expected a port number 0..65535}
     * @return the exception
     */
    public UsageException invalid(O option, OptionValue value, String expected) {
        return error("invalid value '" + value.value() + "' for " + option.flag()
                             + " (from " + value.origin() + "): " + expected);
    }

    /**
     * The {@code --help} text: intro, the option table, outro, separated by blank lines.
     *
     * @param intro lines above the table, each ending with a newline
     * @param outro lines below the table, each ending with a newline
     * @return multi-line help, ending with a newline
     */
    public String helpText(String intro, String outro) {
        O[] options = type.getEnumConstants();
        String[][] rows = new String[options.length + 1][];
        rows[0] = new String[] {"Option", "Environment", "Default", "Meaning"};
        for (int i = 0; i < options.length; i++) {
            O option = options[i];
            rows[i + 1] = new String[] {
                    option.takesValue() ? option.flag() + " " + option.valueName() : option.flag(),
                    option.envVar().orElse("-"),
                    option.defaultValue().orElse("-"),
                    option.description()
            };
        }
        // the last column is not padded: no trailing blanks
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder(intro).append('\n');
        for (String[] row : rows) {
            out.append("  ");
            for (int c = 0; c < widths.length; c++) {
                out.append(row[c]).append(" ".repeat(widths[c] - row[c].length())).append("  ");
            }
            out.append(row[3]).append('\n');
        }
        return out.append('\n').append(outro).toString();
    }
}
