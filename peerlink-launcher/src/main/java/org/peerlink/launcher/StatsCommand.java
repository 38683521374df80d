package org.peerlink.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.json.MalformedJsonException;
import org.peerlink.launcher.admin.StatusService;

/** {@code admin stats}: the running server's status page ({@code /status.json} on its admin listener) as text. */
final class StatsCommand {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private StatsCommand() {
    }

    static int stats(LauncherCommand.Admin command, PrintStream out, PrintStream err) {
        URI uri = command.options().admin().uri(StatusService.JSON_PATH);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("peerlink: " + uri + " answered " + response.statusCode() + ": " + response.body());
                return Main.EXIT_STARTUP_FAILED;
            }
            JsObject status = (JsObject) JsonReader.parse(response.body());
            JsObject signal = (JsObject) status.get("signal");
            JsObject relay = (JsObject) status.get("relay");
            JsObject rates = (JsObject) status.get("perMinute");
            JsObject stored = (JsObject) relay.get("storedBytes");
            JsObject disk = (JsObject) status.get("disk");
            line(out, "version", status.string("version").orElse("?"));
            line(out, "uptime", text(status.get("uptimeSeconds")) + " s");
            line(out, "ready", text(status.get("ready")) + (text(status.get("draining")).equals("true")
                    ? " (draining)" : ""));
            line(out, "online peers", text(signal.get("onlinePeers")) + " (" + text(signal.get("connections"))
                    + " signal connections)");
            line(out, "registers", text(signal.get("registers")) + " (" + text(rates.get("registers"))
                    + "/min), rejected " + text(signal.get("rejections")) + " (" + text(rates.get("rejections"))
                    + "/min)");
            line(out, "relay requests", text(relay.get("requests")) + " (" + text(rates.get("relayRequests"))
                    + "/min), refused (4xx) " + text(relay.get("refused")) + ", errors (5xx) "
                    + text(relay.get("errors")));
            line(out, "queued envelopes", text(relay.get("queuedEnvelopes")));
            line(out, "stored bytes", "envelopes " + text(stored.get("envelopes")) + ", blobs "
                    + text(stored.get("blobs")) + ", uploads " + text(stored.get("uploads")));
            line(out, "identity pins", text(status.get("pins")));
            line(out, "disk", text(disk.get("usableBytes")) + " bytes free of " + text(disk.get("totalBytes"))
                    + ", database " + text(disk.get("databaseBytes")) + " bytes in "
                    + disk.string("dataDirectory").orElse("?"));
            out.flush();
            return 0;
        } catch (ConnectException e) {
            err.println("peerlink: no server answers at " + uri + " (is it running? its --admin-port?)");
            return Main.EXIT_STARTUP_FAILED;
        } catch (IOException | MalformedJsonException | RuntimeException e) {
            err.println("peerlink: cannot read " + uri + ": " + e.getMessage());
            return Main.EXIT_STARTUP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_STARTUP_FAILED;
        }
    }

    private static void line(PrintStream out, String name, String value) {
        out.println(String.format("%-17s %s", name, value));
    }

    private static String text(JsValue value) {
        return JsonWriter.stringify(value);
    }

}
