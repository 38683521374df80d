package org.peerlink.core.crypto;

import java.security.SecureRandom;

/**
 * Ed25519 (RFC 8032, pure) over BouncyCastle's low-level implementation, which verifies several times
 * faster than the JDK provider. Stateless and thread-safe. Wrong-length keys or signatures are simply
 * invalid, never an exception.
 */
public final class Ed25519 {

    public static final int PUBLIC_KEY_SIZE = org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE;
    public static final int SEED_SIZE = org.bouncycastle.math.ec.rfc8032.Ed25519.SECRET_KEY_SIZE;
    public static final int SIGNATURE_SIZE = org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE;

    static {
        org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
    }

    private Ed25519() {
    }

    /**
     * Initialises this class now rather than on the first signature a client sends. The first use loads
     * BouncyCastle from its signed jar (the JDK checks the jar's signature and manifest digests) and builds the
     * precomputed tables: about a second on a small machine, and every other first caller waits on the class's
     * initialisation meanwhile, holding its carrier thread — in FloodTest's register storm that kept the relay's
     * /health from being served for 1.1-1.6 s. The services call this when they are built.
     */
    public static void initialize() {
        // the static initialiser has run by the time this body does
    }

    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || signature == null || message == null
                || publicKey.length != PUBLIC_KEY_SIZE || signature.length != SIGNATURE_SIZE) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    /**
     * Whether {@code publicKey} is the canonical encoding of a point on the curve, the least a key must be to check
     * anything with it. Points of small order pass here; {@link #verify} refuses every signature they would "make".
     */
    public static boolean isPoint(byte[] publicKey) {
        return publicKey != null && publicKey.length == PUBLIC_KEY_SIZE
                && org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartial(publicKey, 0);
    }

    /** A key pair from a 32-byte seed (the RFC 8032 private key). */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != SEED_SIZE) {
            throw new IllegalArgumentException("Ed25519 seed must be " + SEED_SIZE + " bytes");
        }
        byte[] publicKey = new byte[PUBLIC_KEY_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return new KeyPair(seed.clone(), publicKey);
    }

    public static KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[SEED_SIZE];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    /** A seed and its public key; signs messages (clients, tests, load generators). */
    public record KeyPair(byte[] seed, byte[] publicKey) {

        public byte[] sign(byte[] message) {
            byte[] signature = new byte[SIGNATURE_SIZE];
            org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
            return signature;
        }
    }
}
