package org.peerlink.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How TURN clients authenticate to coturn.
 */
public sealed interface TurnAuth {

    /**
     * Long-term credentials, as the original deployment used (TURN_USER / TURN_PASSWORD).
     *
     * @param user     user name
     * @param password password
     */
    record LongTermUser(String user, String password) implements TurnAuth {
        /**
         * Checks the values are present.
         */
        public LongTermUser {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        /**
         * The key coturn accepts in place of the password ({@code user=NAME:0xKEY}): MD5 of
         * {@code user:realm:password} (RFC 5389 section 15.4), so turnserver.conf does not hold the password
         * itself.
         *
         * @param realm the TURN realm
         * @return 32 lowercase hex digits
         */
        public String key(String realm) {
            try {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                byte[] digest = md5.digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has MD5", e);
            }
        }

        @Override
        public String toString() {
            return "LongTermUser[user=" + user + ", password=(hidden)]";
        }
    }

    /**
     * Time-limited credentials derived from a secret shared with the app's backend (coturn's
     * {@code use-auth-secret}, the "TURN REST API").
     *
     * @param secret the shared secret
     */
    record SharedSecret(String secret) implements TurnAuth {
        /**
         * Checks the value is present.
         */
        public SharedSecret {
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "SharedSecret[(hidden)]";
        }
    }
}
