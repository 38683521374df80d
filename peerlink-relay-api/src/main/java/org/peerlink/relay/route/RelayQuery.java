package org.peerlink.relay.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A request's query parameters, decoded, as the transport parsed them. */
@FunctionalInterface
public interface RelayQuery {

    /**
     * Every value given for {@code name}, in order.
     *
     * @return the values, empty when the parameter is absent or has no {@code =} ({@code ?to})
     */
    List<String> all(String name);

    /**
     * The value of a parameter given once, else null: the original's query parser makes a repeated parameter an
     * array, which its fetch treats as absent ({@code to} twice is {@code missing to}, {@code limit} twice the
     * default).
     */
    default String single(String name) {
        List<String> values = all(name);
        return values.size() == 1 ? values.getFirst() : null;
    }

    /**
     * Parses a raw query string ({@code to=bob&limit=5}, null for none) as the Helidon launcher's parser does,
     * for a transport that has no parser of its own.
     */
    static RelayQuery parse(String rawQuery) {
        Map<String, List<String>> values = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq >= 0) {
                    values.computeIfAbsent(PercentDecoding.decode(pair.substring(0, eq)), n -> new ArrayList<>())
                            .add(PercentDecoding.decode(pair.substring(eq + 1)));
                }
            }
        }
        return name -> List.copyOf(values.getOrDefault(name, List.of()));
    }
}
