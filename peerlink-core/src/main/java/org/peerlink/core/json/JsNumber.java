package org.peerlink.core.json;

import java.util.Objects;

/**
 * A JSON number keeping the exact text it was received as. The relay must echo stored numbers as
 * sent ({@code 1741590002123}, never {@code 1.741590002123E12}), while signed strings need the
 * JavaScript rendering of the parsed double; both are derived from this one text.
 */
public final class JsNumber implements JsValue {

    private final String text;
    private final double value;

    private JsNumber(String text, double value) {
        this.text = text;
        this.value = value;
    }

    /**
     * @param text a number in JSON syntax, as produced by a JSON tokenizer
     */
    public static JsNumber ofJsonText(String text) {
        Objects.requireNonNull(text, "text");
        // Double.parseDouble rounds correctly, like JSON.parse; out-of-range text becomes ±Infinity as in JS.
        return new JsNumber(text, Double.parseDouble(text));
    }

    /** A number created on the server, rendered the JavaScript way. */
    public static JsNumber of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON numbers are finite: " + value);
        }
        return new JsNumber(JsNumberFormat.format(value), value);
    }

    public static JsNumber of(long value) {
        return new JsNumber(Long.toString(value), value);
    }

    /** The number exactly as it appeared in the JSON text. */
    public String text() {
        return text;
    }

    /** The IEEE double JavaScript would hold after {@code JSON.parse}. */
    public double value() {
        return value;
    }

    public boolean isFinite() {
        return Double.isFinite(value);
    }

    /** The text JavaScript's {@code String(n)} (and template literals) produce for this number. */
    public String jsString() {
        return JsNumberFormat.format(value);
    }

    @Override
    public String kind() {
        return "number";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsNumber that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
