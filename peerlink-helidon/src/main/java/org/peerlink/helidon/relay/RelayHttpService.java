package org.peerlink.helidon.relay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.helidon.ClientAddress;
import org.peerlink.relay.RelayAdmission;
import org.peerlink.relay.RelayResponse;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.route.RelayQuery;
import org.peerlink.relay.route.RelayRoute;
import org.peerlink.relay.route.RelayRoutes;

/**
 * The relay over Helidon HTTP: every request goes through the api's route table ({@link RelayRoutes}) and
 * {@link RelayService#answer}, and what comes back is sent; there are no paths or rules here. Registered as one
 * catch-all route, so it also answers unknown paths and wrong methods itself (the JSON 404 and 405), which lets
 * {@link ClientCloseFilter} see a sent response.
 * <p>
 * Request bodies are read by {@link BoundedBody}, which holds them to the relay's body limit.
 */
final class RelayHttpService implements HttpService {

    /** Pieces a streamed body (a blob download) is written to the connection in. */
    static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private final RelayService relay;

    RelayHttpService(RelayService relay) {
        this.relay = relay;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        RelayRoute route = RelayRoutes.resolve(req.prologue().method().text(), req.path().path(),
                req.path().rawPath());
        String client = ClientAddress.of(req.proxyProtocolData(), req.remotePeer());
        try (RelayAdmission admission = relay.admit(route, client)) {
            Optional<RelayResponse> refused = admission.refusal();
            if (refused.isPresent()) {
                send(req, res, refused.get());
                return;
            }
            byte[] body = new byte[0];
            if (route.takesBody()) {
                try {
                    body = BoundedBody.read(req, Math.toIntExact(relay.settings().maxBodyBytes()),
                            relay.settings().bodyReadTimeout());
                } catch (BoundedBody.TooLarge e) {
                    send(req, res, relay.tooLarge(route));
                    throw BoundedBody.refuse(req, e);
                }
            }
            RelayQuery query = name -> req.query().all(name, List::of);
            send(req, res, relay.answer(route, query, body));
        }
    }

    private static void send(ServerRequest req, ServerResponse res, RelayResponse response) {
        res.status(response.status().httpStatus())
                .header(HeaderValues.CONTENT_TYPE_JSON);
        switch (response) {
            case RelayResponse.Text text -> {
                text.headers().forEach(res::header);
                // Helidon sends the entity a handler gives it even to a HEAD, where a body would be read as the start
                // of the next response.
                if (Method.HEAD.equals(req.prologue().method())) {
                    res.send();
                } else {
                    res.send(WellFormedUtf8.encode(text.json()));
                }
            }
            case RelayResponse.Streamed streamed -> stream(res, streamed);
        }
    }

    private static void stream(ServerResponse res, RelayResponse.Streamed body) {
        // The base64 encoder writes 8 KiB pieces; each would become a chunk and a TCP segment of its own.
        OutputStream out = new BufferedOutputStream(res.outputStream(), STREAM_BUFFER_BYTES);
        try {
            body.writeTo(out);
            out.close();
        } catch (IOException e) {
            // Not closing `out` is deliberate: close() would end the chunked body normally and a truncated
            // download would look complete. An escaping exception makes Helidon answer 500 (JsonErrors) if
            // nothing was written yet, else drop the connection mid-body, which the client sees as a failure.
            throw new UncheckedIOException(e);
        }
    }
}
