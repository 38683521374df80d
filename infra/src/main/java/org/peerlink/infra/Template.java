package org.peerlink.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of {@code infra/templates} (packed into the jar) with {@code ${NAME}} placeholders.
 * Nothing else is special: no escapes, loops or conditions, so a template reads like the file it renders; choices
 * are made in Java and passed in as whole lines.
 */
final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private final String name;
    private final String text;

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /**
     * Load a template shipped in the jar.
     *
     * @param name file name in {@code infra/templates}, e.g. {@code haproxy.cfg}
     * @return the template
     * @throws IllegalStateException if the jar has no such template (a packaging error)
     */
    static Template load(String name) {
        try (InputStream in = Template.class.getResourceAsStream("templates/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template " + name + " is missing from the jar");
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + name, e);
        }
    }

    /**
     * A template from text (tests).
     *
     * @param name name for error messages
     * @param text template text
     * @return the template
     */
    static Template of(String name, String text) {
        return new Template(name, text);
    }

    /**
     * Replace every placeholder.
     *
     * @param values placeholder name to value; may hold more names than the template uses
     * @return the rendered text
     * @throws IllegalStateException if the template uses a name {@code values} lacks (template and renderer out of
     *                               step)
     */
    String render(Map<String, String> values) {
        TreeSet<String> missing = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 256);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                missing.add(m.group(1));
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("template " + name + " uses placeholders the renderer does not set: "
                                                    + missing);
        }
        return out.toString();
    }
}
