package org.peerlink.infra;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonWriter;

/**
 * The {@code peerlink://config?payload=…} link that adds one deployment's servers to the app (PROTOCOL.md
 * section 4). The app's self-hosting wizard only deploys the original project, so after a deploy by hand this link
 * is how the app learns the servers: it holds the same entries the wizard adds after its own deploy
 * ({@code SelfHostedDeployService}), as {@code ServerConfigPayload.toJson} writes them.
 *
 * @param bootstrap the signal server, {@code wss://HOST:PORT}
 * @param relay     the relay server, {@code https://HOST:PORT}
 * @param turn      the TURN servers; none when TURN has no static credentials
 */
record ImportLink(String bootstrap, String relay, List<TurnEntry> turn) {

    /** The file {@code infra render} writes the link to, next to the configs. */
    static final String FILE = "import-link.txt";

    private static final String PREFIX = "peerlink://config?payload=";
    // the wizard's priorities: the app tries UDP first and TCP when UDP is blocked
    private static final int UDP_PRIORITY = 1000;
    private static final int TCP_PRIORITY = 750;

    /**
     * Checks the values are present.
     */
    ImportLink {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(relay, "relay");
        turn = List.copyOf(turn);
    }

    /**
     * One entry of the payload's {@code turn} list ({@code TurnServerConfig.toJson}).
     *
     * @param url      {@code turn:HOST:PORT?transport=udp|tcp}
     * @param username TURN user
     * @param password its password
     * @param priority higher is tried first
     */
    record TurnEntry(String url, String username, String password, int priority) {
        /**
         * Checks the values are present.
         */
        TurnEntry {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "TurnEntry[url=" + url + ", username=" + username + ", password=(hidden), priority=" + priority + "]";
        }
    }

    /**
     * The link for what {@code settings} deploy: the public host (IPv6 in brackets) with the public ports HAProxy
     * and coturn listen on.
     *
     * @param settings validated settings
     * @return the link's content
     */
    static ImportLink of(InfraSettings settings) {
        String host = settings.publicHost();
        TurnSettings turn = settings.turn();
        String turnAddress = HostNames.hostPort(host, turn.port());
        List<TurnEntry> entries = switch (turn.auth()) {
            case TurnAuth.LongTermUser user -> List.of(
                    new TurnEntry("turn:" + turnAddress + "?transport=udp", user.user(), user.password(), UDP_PRIORITY),
                    new TurnEntry("turn:" + turnAddress + "?transport=tcp", user.user(), user.password(), TCP_PRIORITY));
            // The app keeps TURN credentials as typed and never renews them (PROTOCOL.md section 3.4). One made
            // from the secret here would be a password that stops working at its expiry without the app saying
            // why, and one that cannot be withdrawn without changing the secret for everyone: no entry instead.
            case TurnAuth.SharedSecret ignored -> List.of();
        };
        return new ImportLink("wss://" + HostNames.hostPort(host, settings.proxy().signalPublicPort()),
                              "https://" + HostNames.hostPort(host, settings.proxy().relayPublicPort()),
                              entries);
    }

    /**
     * The payload as the app's {@code ServerConfigPayload.toJson} orders it, written as {@code JSON.stringify}
     * (and Dart's {@code jsonEncode}) would.
     *
     * @return compact JSON
     */
    String json() {
        List<JsValue> turnServers = turn.stream().<JsValue>map(entry -> JsObject.builder()
                .put("url", entry.url())
                .put("username", entry.username())
                .put("password", entry.password())
                .put("priority", JsNumber.of(entry.priority()))
                .build()).toList();
        return JsonWriter.stringify(JsObject.builder()
                                            .put("type", "peerlink_server_config")
                                            .put("version", JsNumber.of(1))
                                            .put("bootstrap", JsArray.ofStrings(List.of(bootstrap)))
                                            .put("relay", JsArray.ofStrings(List.of(relay)))
                                            .put("turn", new JsArray(turnServers))
                                            .put("push", JsArray.ofStrings(List.of()))
                                            .build());
    }

    /**
     * The link: base64url of the UTF-8 JSON without padding, as the app's {@code QrPayloadEncoder} writes it
     * (the app pads before decoding). Its characters need no escaping in a URL query.
     *
     * @return {@code peerlink://config?payload=…}
     */
    String uri() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(json().getBytes(StandardCharsets.UTF_8));
    }
}
