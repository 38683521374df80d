package org.peerlink.core.json;

import java.util.StringJoiner;

/**
 * JavaScript's implicit conversions of a parsed JSON value, for the places where the original server's behaviour
 * depends on them: a template literal ({@code `Unknown frame type: ${type}`}) and a truthiness test
 * ({@code id || fallback}, {@code !payload.to}). A missing property is JavaScript's {@code undefined}, passed here as
 * Java {@code null}.
 */
public final class JsCoercion {

    private JsCoercion() {
    }

    /** JavaScript's {@code String(value)}: {@code "undefined"}, {@code "null"}, {@code "1,2"}, {@code "[object Object]"}… */
    public static String toJsString(JsValue value) {
        return switch (value) {
            case null -> "undefined";
            case JsString s -> s.value();
            case JsNumber n -> n.jsString();
            case JsBoolean b -> String.valueOf(b.value());
            case JsNull ignored -> "null";
            case JsObject ignored -> "[object Object]";
            case JsArray array -> join(array);
        };
    }

    /**
     * JavaScript's {@code Boolean(value)}: false for {@code undefined}, {@code null}, {@code false}, {@code ""} and the
     * numbers 0 and NaN; every object and array is true.
     */
    public static boolean isTruthy(JsValue value) {
        return switch (value) {
            case null -> false;
            case JsString s -> !s.value().isEmpty();
            case JsNumber n -> n.value() != 0 && !Double.isNaN(n.value());
            case JsBoolean b -> b.value();
            case JsNull ignored -> false;
            case JsObject ignored -> true;
            case JsArray ignored -> true;
        };
    }

    /** {@code Array.prototype.join(",")}: null elements become empty strings, nested arrays are joined again. */
    private static String join(JsArray array) {
        StringJoiner joined = new StringJoiner(",");
        for (JsValue item : array.items()) {
            joined.add(item instanceof JsNull ? "" : toJsString(item));
        }
        return joined.toString();
    }
}
