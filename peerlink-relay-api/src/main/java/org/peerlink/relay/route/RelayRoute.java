package org.peerlink.relay.route;

/** Where a request goes in the route table ({@link RelayRoutes#resolve}). */
public sealed interface RelayRoute {

    /** Whether a transport reads the request's body for this route before it asks for the answer. */
    default boolean takesBody() {
        return false;
    }

    /**
     * An endpoint of the relay.
     *
     * @param endpoint  the endpoint
     * @param parameter the decoded path parameter ({@link RelayEndpoint#BLOB}'s blob id), else null
     */
    record Endpoint(RelayEndpoint endpoint, String parameter) implements RelayRoute {
        @Override
        public boolean takesBody() {
            return endpoint.takesBody();
        }
    }

    /**
     * A path of the relay asked with a method it does not serve.
     *
     * @param allow the method the path does serve, for the {@code Allow} header
     */
    record WrongMethod(RelayEndpoint.Method allow) implements RelayRoute {
    }

    /** A path the relay does not have. */
    record Unknown() implements RelayRoute {
    }
}
