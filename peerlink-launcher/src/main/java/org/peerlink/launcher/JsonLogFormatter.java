package org.peerlink.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.peerlink.core.json.JsonWriter;

/**
 * {@code --log-format json}: one JSON object per line, {@code {"time":…,"level":…,"logger":…,"message":…}} and
 * {@code "thrown"} with the stack trace when there is one, for a log shipper that should not parse text.
 */
final class JsonLogFormatter extends Formatter {

    /** Puts this formatter on every handler of the root logger (the console handler of logging.properties). */
    static void install() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(new JsonLogFormatter());
        }
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160).append("{\"time\":");
        JsonWriter.quote(Instant.ofEpochMilli(record.getMillis()).toString(), line);
        line.append(",\"level\":");
        JsonWriter.quote(record.getLevel().getName(), line);
        line.append(",\"logger\":");
        JsonWriter.quote(String.valueOf(record.getLoggerName()), line);
        line.append(",\"message\":");
        JsonWriter.quote(formatMessage(record), line);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(",\"thrown\":");
            JsonWriter.quote(trace.toString(), line);
        }
        return line.append("}\n").toString();
    }
}
