package org.peerlink.relay.route;

/**
 * The relay's route table (PROTOCOL.md §2): every endpoint with its method and path, in the order a path is matched
 * in. A transport maps requests through {@link RelayRoutes} and answers with
 * {@link org.peerlink.relay.RelayService#answer}; it keeps no paths of its own.
 */
public enum RelayEndpoint {
    HEALTH(Method.GET, "/health"),
    PROBE(Method.POST, "/relay/probe"),
    STORE(Method.POST, "/relay/store"),
    ACK(Method.POST, "/relay/ack"),
    GROUP_STORE(Method.POST, "/relay/group/store"),
    MEMBERS_UPDATE(Method.POST, "/relay/group/members/update"),
    BLOB_UPLOAD(Method.POST, "/relay/blob/upload"),
    BLOB_CHUNK(Method.POST, "/relay/blob/upload/chunk"),
    BLOB_COMPLETE(Method.POST, "/relay/blob/upload/complete"),
    FETCH(Method.GET, "/relay/fetch"),
    CAPABILITIES(Method.GET, "/relay/capabilities"),
    /**
     * The one path with a parameter, the blob id: one path segment after {@link #BLOB_PREFIX}. Last in the table,
     * so that {@code GET /relay/blob/upload} looks up the blob "upload" (as in the original) while another method
     * on that path is told to POST.
     */
    BLOB(Method.GET, "/relay/blob/{blobId}");

    /** The methods the relay serves. */
    public enum Method {
        GET, POST
    }

    /** Where {@link #BLOB}'s parameter starts. */
    public static final String BLOB_PREFIX = "/relay/blob/";

    private final Method method;
    private final String path;

    RelayEndpoint(Method method, String path) {
        this.method = method;
        this.path = path;
    }

    public Method method() {
        return method;
    }

    /** The path as the route table writes it; {@link #BLOB}'s ends in the template {@code {blobId}}. */
    public String path() {
        return path;
    }

    /** Whether the endpoint reads a request body: every POST does, no GET. */
    public boolean takesBody() {
        return method == Method.POST;
    }

    /** Whether the path ends in a parameter ({@link #BLOB}). */
    public boolean hasParameter() {
        return this == BLOB;
    }
}
