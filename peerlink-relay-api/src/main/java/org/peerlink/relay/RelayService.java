package org.peerlink.relay;

import java.io.InputStream;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.relay.blob.BlobDownload;
import org.peerlink.relay.blob.BlobUploads;
import org.peerlink.relay.group.GroupFanOut;
import org.peerlink.relay.group.GroupMembership;
import org.peerlink.relay.group.MembersUpdate;
import org.peerlink.relay.message.MessageQueue;
import org.peerlink.relay.request.RawPayload;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestBody;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.relay.storage.StoredBlob;
import org.peerlink.relay.storage.SweepResult;

/**
 * The relay of PROTOCOL.md §2 without a transport: requests go in as raw bodies and query values, responses
 * come out as a status and a JSON body. A transport (the launcher's Helidon service, or any other HTTP server)
 * maps paths to these methods, enforces the body-size limit and sends what comes back.
 * <p>
 * Thread-safe; all state is in the {@link RelayStorage}. Client mistakes come back as 4xx responses; a failing
 * store throws {@link StorageException}, which a transport answers with a 500.
 */
public final class RelayService {

    private final RelayStorage storage;
    private final RelaySettings settings;
    private final InstantSource clock;
    private final RelayCapabilities capabilities;
    private final MessageQueue messages;
    private final GroupFanOut groupFanOut;
    private final MembersUpdate membersUpdate;
    private final BlobUploads blobUploads;

    public RelayService(RelayStorage storage, RelaySettings settings, InstantSource clock) {
        this.storage = Objects.requireNonNull(storage);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        GroupMembership membership = new GroupMembership(storage);
        this.capabilities = new RelayCapabilities(settings);
        this.messages = new MessageQueue(storage, settings);
        this.groupFanOut = new GroupFanOut(storage, settings, membership);
        this.membersUpdate = new MembersUpdate(storage);
        this.blobUploads = new BlobUploads(storage, settings);
    }

    public RelaySettings settings() {
        return settings;
    }

    /** Handles a POST to {@code endpoint} with the raw request body (empty means {@code {}}). */
    public RelayResponse post(RelayPost endpoint, byte[] body) {
        return answer(() -> {
            Optional<RawPayload.Split> split = carriesBlob(endpoint) && body.length >= RawPayload.MIN_BODY_BYTES
                    ? RawPayload.split(body)
                    : Optional.empty();
            JsObject request = RequestBody.parse(split.map(RawPayload.Split::rest).orElse(body));
            RawPayload payload = split.map(RawPayload.Split::payload).orElse(null);
            long now = clock.millis();
            return switch (endpoint) {
                case PROBE -> capabilities.probe(request, now);
                case STORE -> messages.store(request, now);
                case ACK -> messages.ack(request, now);
                case GROUP_STORE -> groupFanOut.store(request, now);
                case MEMBERS_UPDATE -> membersUpdate.update(request);
                case BLOB_UPLOAD -> blobUploads.upload(request, payload, now);
                case BLOB_CHUNK -> blobUploads.chunk(request, payload, now);
                case BLOB_COMPLETE -> blobUploads.complete(request, now);
            };
        });
    }

    /** Endpoints whose body carries blob bytes as a large base64 {@code payload} ({@link RawPayload}). */
    private static boolean carriesBlob(RelayPost endpoint) {
        return endpoint == RelayPost.BLOB_UPLOAD || endpoint == RelayPost.BLOB_CHUNK;
    }

    /** {@code GET /relay/fetch}; each argument is the raw query value or null when absent. */
    public RelayResponse fetch(String to, String cursor, String limit) {
        try {
            return new RelayResponse.Text(RelayStatus.OK, messages.fetch(to, cursor, limit, clock.millis()));
        } catch (RelayRejection rejection) {
            return rejected(rejection);
        }
    }

    /** {@code GET /relay/blob/{blobId}}: a streamed body, or 404 {@code blob not found}. */
    public RelayResponse blob(String blobId) {
        Optional<StoredBlob> blob = storage.blob(blobId, clock.millis());
        Optional<InputStream> bytes = blob.flatMap(b -> storage.openBlob(blobId));
        if (blob.isEmpty() || bytes.isEmpty()) {
            return new RelayResponse.Text(RelayStatus.NOT_FOUND, RelayError.BLOB_NOT_FOUND.json());
        }
        return new BlobDownload(blob.get(), bytes.get());
    }

    /** {@code GET /relay/capabilities}. */
    public RelayResponse capabilities() {
        return ok(capabilities.capabilities(clock.millis()));
    }

    /** Deletes what has expired; meant to be called periodically (expiry is also enforced on every read). */
    public SweepResult sweep() {
        return storage.sweep(clock.millis());
    }

    private static RelayResponse answer(Supplier<JsObject> handler) {
        try {
            return ok(handler.get());
        } catch (RelayRejection rejection) {
            return rejected(rejection);
        }
    }

    private static RelayResponse ok(JsObject body) {
        return new RelayResponse.Text(RelayStatus.OK, JsonWriter.stringify(body));
    }

    private static RelayResponse rejected(RelayRejection rejection) {
        return new RelayResponse.Text(rejection.status(), JsonWriter.stringify(rejection.body()));
    }
}
