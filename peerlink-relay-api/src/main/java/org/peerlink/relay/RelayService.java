package org.peerlink.relay;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.InMemoryIdentityPins;
import org.peerlink.relay.blob.BlobDownload;
import org.peerlink.relay.blob.BlobUploads;
import org.peerlink.relay.group.GroupFanOut;
import org.peerlink.relay.group.GroupMembership;
import org.peerlink.relay.group.MembersUpdate;
import org.peerlink.relay.message.MessageQueue;
import org.peerlink.relay.quota.DiskWatermark;
import org.peerlink.relay.quota.QueueQuota;
import org.peerlink.relay.quota.UploadQuota;
import org.peerlink.relay.request.BodyBudget;
import org.peerlink.relay.request.RawPayload;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestBody;
import org.peerlink.relay.request.RequestsInFlight;
import org.peerlink.relay.route.RelayEndpoint;
import org.peerlink.relay.route.RelayQuery;
import org.peerlink.relay.route.RelayRoute;
import org.peerlink.relay.route.RelayRoutes;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageBusyException;
import org.peerlink.relay.storage.StorageException;
import org.peerlink.relay.storage.StorageSpace;
import org.peerlink.relay.storage.StoredBlob;
import org.peerlink.relay.storage.SweepResult;

/**
 * The relay of PROTOCOL.md §2 without a transport: requests go in as raw bodies and query values, responses
 * come out as a status and a JSON body. A transport (the Helidon {@code RelayFeature}, or any other HTTP server)
 * resolves the route, enforces the body-size limit and sends what {@link #answer} gives back.
 * <p>
 * Thread-safe; all state is in the {@link RelayStorage}. Client mistakes come back as 4xx responses; a failing
 * store throws {@link StorageException}, which a transport answers with a 500.
 */
public final class RelayService {

    private static final System.Logger LOGGER = System.getLogger(RelayService.class.getName());

    private final RelayStorage storage;
    private final RelaySettings settings;
    private final InstantSource clock;
    private final RelayCapabilities capabilities;
    private final MessageQueue messages;
    private final GroupFanOut groupFanOut;
    private final MembersUpdate membersUpdate;
    private final BlobUploads blobUploads;
    private final BodyBudget largeBodies = new BodyBudget(BodyBudget.LARGE_BODIES_BYTES);
    private final RelayLimits limits;
    private final RelayEvents events;
    private final DiskWatermark diskWatermark;
    private final RequestsInFlight inFlight;

    /**
     * A relay without limits, events listener or pins of its own (a relay beside no signal service has nobody to pin:
     * pins come from registers).
     */
    public RelayService(RelayStorage storage, RelaySettings settings, InstantSource clock) {
        this(builder(storage).settings(settings).clock(clock));
    }

    private RelayService(Builder builder) {
        this.storage = builder.storage;
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.limits = builder.limits;
        this.events = builder.events;
        GroupMembership membership = new GroupMembership(storage);
        this.capabilities = new RelayCapabilities(settings);
        QueueQuota queueQuota = new QueueQuota(storage, settings.quotas());
        this.inFlight = new RequestsInFlight(settings.caps().maxRequestsPerAddress());
        this.diskWatermark = new DiskWatermark(builder.storageSpace, settings.quotas().minFreeDiskBytes());
        this.messages = new MessageQueue(storage, settings, builder.pins, queueQuota);
        this.groupFanOut = new GroupFanOut(storage, settings, membership, builder.pins,
                new BodyBudget(settings.caps().maxFanOutChars()), queueQuota);
        this.membersUpdate = new MembersUpdate(storage, settings.caps(), builder.pins);
        this.blobUploads = new BlobUploads(storage, settings, builder.pins,
                new UploadQuota(storage, settings.quotas()));
        Ed25519.initialize(); // now, not while the first signed request and everyone behind it waits
    }

    /** A relay over {@code storage}; everything else has a default. */
    public static Builder builder(RelayStorage storage) {
        return new Builder(storage);
    }

    /** What a relay is made of besides its storage, each with a default. */
    public static final class Builder {

        private final RelayStorage storage;
        private RelaySettings settings = RelaySettings.defaults();
        private InstantSource clock = InstantSource.system();
        private RelayLimits limits = RelayLimits.NONE;
        private RelayEvents events = RelayEvents.NONE;
        private IdentityPins pins = new InMemoryIdentityPins();
        private StorageSpace storageSpace = StorageSpace.UNBOUNDED;

        private Builder(RelayStorage storage) {
            this.storage = Objects.requireNonNull(storage);
        }

        /** Default {@link RelaySettings#defaults()}. */
        public Builder settings(RelaySettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        /** Default the system clock. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Default {@link RelayLimits#NONE}. */
        public Builder limits(RelayLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** Default {@link RelayEvents#NONE}. */
        public Builder events(RelayEvents events) {
            this.events = Objects.requireNonNull(events);
            return this;
        }

        /**
         * The identity pins the relay enforces (PROTOCOL.md §3.5): the signal service's, so that a peerId pinned by
         * its register is pinned here too. Default: pins of its own, which stay empty.
         */
        /** Where the storage keeps its data, for the free-disk watermark; by default it is never low. */
        public Builder storageSpace(StorageSpace storageSpace) {
            this.storageSpace = Objects.requireNonNull(storageSpace);
            return this;
        }

        public Builder pins(IdentityPins pins) {
            this.pins = Objects.requireNonNull(pins);
            return this;
        }

        public RelayService build() {
            return new RelayService(this);
        }
    }

    public RelaySettings settings() {
        return settings;
    }

    /**
     * Whether a request may go ahead: its client address has a place among the requests in progress
     * ({@link RelayCaps#maxRequestsPerAddress()}) and is within its rate limits ({@link RelayLimits}). A transport
     * asks once the route is known, before it reads the body, and closes the admission once the response is sent.
     *
     * @param route         the request's route
     * @param clientAddress the client's address, without the port
     * @return the admission: its {@link RelayAdmission#refusal()} is the 429 to send, if any
     */
    public RelayAdmission admit(RelayRoute route, String clientAddress) {
        if (!inFlight.tryEnter(clientAddress)) {
            return RelayAdmission.refused(told(route, rejected(RelayRejection.of(RelayError.TOO_MANY_REQUESTS,
                    "limit", JsNumber.of(inFlight.maxPerAddress()))), System.nanoTime()));
        }
        Optional<RelayResponse> refused = rateLimited(route, clientAddress);
        if (refused.isPresent()) {
            inFlight.leave(clientAddress);
            return RelayAdmission.refused(refused.get());
        }
        return RelayAdmission.admitted(() -> inFlight.leave(clientAddress));
    }

    private Optional<RelayResponse> rateLimited(RelayRoute route, String clientAddress) {
        if (!(route instanceof RelayRoute.Endpoint endpoint)) {
            return Optional.empty();
        }
        Optional<Duration> wait;
        try {
            wait = limits.admit(endpoint.endpoint(), clientAddress);
        } catch (RuntimeException e) {
            // A broken limiter must not take the relay down with it: the request goes ahead.
            LOGGER.log(Level.ERROR, "relay limits failed", e);
            return Optional.empty();
        }
        return wait.map(w -> told(route, rejected(RelayRejection.rateLimited(w)), System.nanoTime()));
    }

    /**
     * The per-key limit of a signed write; a broken limiter lets the request go ahead, as in {@link #admit}.
     *
     * @return the request's signing key in its one text, null when it names none
     * @throws RelayRejection 429 when the key is over its limit
     */
    private String requireKeyAdmitted(RelayEndpoint endpoint, JsObject request) {
        Optional<String> key = request.string("signingPub").flatMap(Base64Field::decode)
                .map(bytes -> Base64.getEncoder().encodeToString(bytes));
        if (key.isEmpty()) {
            return null;
        }
        Optional<Duration> wait;
        try {
            wait = limits.admitKey(endpoint, key.get());
        } catch (RuntimeException e) {
            LOGGER.log(Level.ERROR, "relay limits failed", e);
            return key.get();
        }
        if (wait.isPresent()) {
            throw RelayRejection.rateLimited(wait.get());
        }
        return key.get();
    }

    /**
     * The answer to a request whose body is over {@link RelaySettings#maxBodyBytes()}: {@code 413 payload too large},
     * after which the transport closes the connection.
     */
    public RelayResponse tooLarge(RelayRoute route) {
        return told(route, new RelayResponse.Text(RelayStatus.PAYLOAD_TOO_LARGE, RelayError.PAYLOAD_TOO_LARGE.json(),
                Map.of("Connection", "close")), System.nanoTime());
    }

    /**
     * The answer to a request. A transport resolves the route ({@link RelayRoutes#resolve}), asks {@link #admit},
     * reads the body when {@link RelayRoute#takesBody()} (holding it to {@link RelaySettings#maxBodyBytes()}, else
     * sending {@link #tooLarge}), and then sends what this returns. Never throws: a failure of the server is logged
     * and answered {@code 500 internal error}.
     *
     * @param route the request's route
     * @param query the request's query parameters
     * @param body  the request body when the route takes one, else ignored (may be empty)
     */
    public RelayResponse answer(RelayRoute route, RelayQuery query, byte[] body) {
        long start = System.nanoTime();
        RelayResponse response = switch (route) {
            case RelayRoute.Unknown unknown -> error(RelayError.NOT_FOUND);
            case RelayRoute.WrongMethod wrong -> new RelayResponse.Text(RelayStatus.METHOD_NOT_ALLOWED,
                    RelayError.METHOD_NOT_ALLOWED.json(), Map.of("Allow", wrong.allow().name()));
            case RelayRoute.Endpoint endpoint -> guarded(endpoint.endpoint(), () -> endpoint(endpoint, query, body));
        };
        return told(route, response, start);
    }

    /** Tells the events listener about an answer; a failing listener changes nothing. */
    private RelayResponse told(RelayRoute route, RelayResponse response, long start) {
        try {
            events.answered(route, response.status(), System.nanoTime() - start);
        } catch (RuntimeException e) {
            LOGGER.log(Level.ERROR, "relay events listener failed", e);
        }
        return response;
    }

    private RelayResponse endpoint(RelayRoute.Endpoint route, RelayQuery query, byte[] body) {
        return switch (route.endpoint()) {
            case HEALTH -> health();
            case FETCH -> fetch(query.single("to"), query.single("cursor"), query.single("limit"));
            case CAPABILITIES -> capabilities();
            case BLOB -> blob(route.parameter());
            default -> {
                // Taken once the body is in: a client trickling its body in slowly holds no share while it does.
                try (BodyBudget.Permit ignored = largeBodies.acquire(body.length)) {
                    yield post(route.endpoint(), body);
                }
            }
        };
    }

    private static RelayResponse guarded(RelayEndpoint endpoint, Supplier<RelayResponse> call) {
        try {
            return call.get();
        } catch (StorageBusyException e) {
            LOGGER.log(Level.WARNING, "relay " + endpoint.path() + " refused, the store is busy: " + e.getMessage());
            return error(RelayError.SERVER_BUSY);
        } catch (RuntimeException e) {
            LOGGER.log(Level.ERROR, "relay " + endpoint.path() + " failed", e);
            return error(RelayError.INTERNAL_ERROR);
        }
    }

    private static RelayResponse error(RelayError error) {
        return new RelayResponse.Text(error.status(), error.json());
    }

    /** {@code GET /health}: {@code {"ok":true,"ts":<epoch millis>}}. */
    public RelayResponse health() {
        return ok(JsObject.builder().put("ok", JsBoolean.TRUE).put("ts", JsNumber.of(clock.millis())).build());
    }

    /**
     * Handles a POST to {@code endpoint} with the raw request body (empty means {@code {}}).
     *
     * @throws IllegalArgumentException if {@code endpoint} takes no body
     */
    public RelayResponse post(RelayEndpoint endpoint, byte[] body) {
        if (!endpoint.takesBody()) {
            throw new IllegalArgumentException(endpoint + " is not a POST");
        }
        String[] signingKey = new String[1];
        RelayResponse response = answer(() -> {
            diskWatermark.requireRoom(endpoint);
            Optional<RawPayload.Split> split = carriesBlob(endpoint) && body.length >= RawPayload.MIN_BODY_BYTES
                    ? RawPayload.split(body)
                    : Optional.empty();
            JsObject request = RequestBody.parse(split.map(RawPayload.Split::rest).orElse(body));
            RawPayload payload = split.map(RawPayload.Split::payload).orElse(null);
            signingKey[0] = requireKeyAdmitted(endpoint, request);
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
                case HEALTH, FETCH, CAPABILITIES, BLOB -> throw new AssertionError(endpoint);
            };
        });
        if (signingKey[0] != null && response.status() == RelayStatus.OK) {
            try {
                limits.keyUsed(endpoint, signingKey[0]);
            } catch (RuntimeException e) {
                LOGGER.log(Level.ERROR, "relay limits failed", e);
            }
        }
        return response;
    }

    /** Endpoints whose body carries blob bytes as a large base64 {@code payload} ({@link RawPayload}). */
    private static boolean carriesBlob(RelayEndpoint endpoint) {
        return endpoint == RelayEndpoint.BLOB_UPLOAD || endpoint == RelayEndpoint.BLOB_CHUNK;
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
        return new RelayResponse.Text(rejection.status(), JsonWriter.stringify(rejection.body()), rejection.headers());
    }
}
