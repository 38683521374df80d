package org.peerlink.launcher;

import java.util.Objects;

/**
 * How the launcher logs.
 *
 * @param format    one line per event, as text or as a JSON object
 * @param accessLog whether the relay logs every request it answered (method, route, status, time, bytes, client)
 */
public record LogSettings(Format format, boolean accessLog) {

    /** The shape of a log line. */
    public enum Format {
        /** {@code 2026-12-03 12:00:00.000 INFO org.peerlink.launcher.Launcher: message} */
        TEXT,
        /** {@code {"time":"…","level":"INFO","logger":"…","message":"…"}}, for a log shipper */
        JSON
    }

    /** Checks the format is present. */
    public LogSettings {
        Objects.requireNonNull(format, "format");
    }
}
