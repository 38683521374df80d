package org.peerlink.core.json;

/**
 * A parsed JSON value as JavaScript's {@code JSON.parse} would see it, keeping what JavaScript
 * keeps (object key order, the text of numbers) so that it can be serialised again byte for byte.
 */
public sealed interface JsValue permits JsObject, JsArray, JsString, JsNumber, JsBoolean, JsNull {

    /** The JavaScript {@code typeof}-like kind, used in error messages. */
    String kind();
}
