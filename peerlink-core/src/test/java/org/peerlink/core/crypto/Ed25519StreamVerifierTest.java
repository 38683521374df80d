package org.peerlink.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.peerlink.core.Vectors;
import org.peerlink.core.encoding.Base64Field;

/**
 * The streaming verifier must give BouncyCastle's verdict ({@link Ed25519#verify}) on everything, so every
 * case compares the two rather than asserting what the verdict ought to be. The adversarial signatures
 * (small-order and mixed-order points, y ≥ p, S ≥ L) are built with a small affine implementation of the
 * curve below, independent of the one under test.
 */
class Ed25519StreamVerifierTest {

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L =
            BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger SQRT_MINUS_ONE =
            BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    private static final Affine BASE =
            Affine.withY(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P), false);

    /** The eight points of order dividing 8, canonically encoded. */
    private static final List<byte[]> SMALL_ORDER = List.of(
            Vectors.unhex("0100000000000000000000000000000000000000000000000000000000000000"),
            Vectors.unhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            Vectors.unhex("0000000000000000000000000000000000000000000000000000000000000000"),
            Vectors.unhex("0000000000000000000000000000000000000000000000000000000000000080"),
            Vectors.unhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
            Vectors.unhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
            Vectors.unhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
            Vectors.unhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"));

    private static final byte[] MESSAGE = "blob|peer-alice|sha256:0123abcd|".getBytes(StandardCharsets.UTF_8);

    private enum Feed { WHOLE, BYTE_BY_BYTE, RANDOM_PIECES, TRANSFER_TO }

    @Test
    void everyVectorMatchesBouncyCastleHoweverTheMessageIsSplit() {
        List<JsonObject> cases = new ArrayList<>(Vectors.cases("ed25519.json"));
        cases.addAll(Vectors.cases("ed25519.json", "nodeQuirks"));
        Random random = new Random(1);
        for (JsonObject c : cases) {
            byte[] key = Base64Field.decode(c.getString("publicKeyBase64")).orElseThrow();
            byte[] signature = Base64Field.decode(c.getString("signatureBase64")).orElseThrow();
            byte[] message = Vectors.unhex(c.getString("messageHex"));
            boolean expected = Ed25519.verify(key, message, signature);
            for (Feed feed : Feed.values()) {
                assertEquals(expected, streamed(key, message, signature, feed, random),
                        c.getString("name") + " " + feed);
            }
        }
    }

    /** Parallel, with a generator seeded per case, because 4000 BigInteger verifications take a while. */
    @Test
    void randomSignaturesVerifyAndMutationsGetBouncyCastlesVerdict() {
        IntStream.range(0, 2000).parallel().forEach(Ed25519StreamVerifierTest::randomCase);
    }

    private static void randomCase(int i) {
        Random random = new Random(i);
        Ed25519.KeyPair pair = Ed25519.fromSeed(bytes(random, Ed25519.SEED_SIZE));
        byte[] key = pair.publicKey();
        byte[] message = bytes(random, random.nextInt(512));
        byte[] signature = pair.sign(message);
        assertTrue(streamed(key, message, signature, Feed.RANDOM_PIECES, random), "valid #" + i);

        // One mutation per pair, taking turns, covers each kind ~667 times.
        switch (i % 3) {
            case 0 -> assertSameVerdict("signature #" + i, key, message,
                    flipBit(signature, random.nextInt(8 * signature.length)), random);
            case 1 -> assertSameVerdict("key #" + i, flipBit(key, random.nextInt(8 * key.length)), message,
                    signature, random);
            default -> assertSameVerdict("message #" + i, key,
                    message.length == 0 ? new byte[1] : flipBit(message, random.nextInt(8 * message.length)),
                    signature, random);
        }
    }

    /** The cases below are only as good as the test's own curve arithmetic. */
    @Test
    void theTestsCurveArithmeticAgreesWithBouncyCastle() throws NoSuchAlgorithmException {
        Random random = new Random(8);
        for (int i = 0; i < 4; i++) {
            byte[] seed = bytes(random, Ed25519.SEED_SIZE);
            byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
            h[0] &= (byte) 0xf8;
            h[31] &= 0x7f;
            h[31] |= 0x40;
            BigInteger a = littleEndian(Arrays.copyOf(h, 32));
            byte[] key = Ed25519.fromSeed(seed).publicKey();
            assertArrayEquals(key, BASE.times(a).encode());

            BigInteger r = scalar(random);
            byte[] rEncoded = BASE.times(r).encode();
            BigInteger s = r.add(k(rEncoded, key, MESSAGE).multiply(a));
            assertTrue(Ed25519.verify(key, MESSAGE, signature(rEncoded, s)));
        }
    }

    @Test
    void scalarsAtOrAboveTheGroupOrderGetBouncyCastlesVerdict() {
        Random random = new Random(3);
        Ed25519.KeyPair pair = Ed25519.fromSeed(bytes(random, Ed25519.SEED_SIZE));
        byte[] signature = pair.sign(MESSAGE);
        BigInteger s = littleEndian(Arrays.copyOfRange(signature, 32, 64));
        List<BigInteger> scalars = new ArrayList<>(
                List.of(L, L.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
        for (BigInteger t = s.add(L); t.bitLength() <= 256; t = t.add(L)) {
            scalars.add(t);
        }
        for (BigInteger t : scalars) {
            assertSameVerdict("S = " + t, pair.publicKey(), MESSAGE, withS(signature, t), random);
        }
    }

    /** y ≥ p for A or R, and x = 0 with the sign bit set: encodings RFC 8032 says to reject. */
    @Test
    void nonCanonicalEncodingsGetBouncyCastlesVerdict() {
        Random random = new Random(4);
        BigInteger a = scalar(random);
        byte[] key = BASE.times(a).encode();
        List<byte[]> encodings = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            encodings.add(encode(P.add(BigInteger.valueOf(i)), false));
            encodings.add(encode(P.add(BigInteger.valueOf(i)), true));
        }
        encodings.add(encode(BigInteger.ONE, true));
        encodings.add(encode(P.subtract(BigInteger.ONE), true));
        for (byte[] bad : encodings) {
            String name = Vectors.hex(bad);
            // As R, with the S that would verify if bad were read as the point y mod p of small order.
            assertSameVerdict("R " + name, key, MESSAGE, signature(bad, k(bad, key, MESSAGE).multiply(a)), random);
            assertSameVerdict("R " + name + " S=0", key, MESSAGE, signature(bad, BigInteger.ZERO), random);
            // As A: R = [r]B, S = r verifies under a lax cofactored check whenever A has small order.
            BigInteger r = scalar(random);
            assertSameVerdict("A " + name, bad, MESSAGE, signature(BASE.times(r).encode(), r), random);
            assertSameVerdict("A " + name + " S=0", bad, MESSAGE,
                    signature(SMALL_ORDER.get(0), BigInteger.ZERO), random);
        }
    }

    @Test
    void smallOrderPointsAsKeyOrAsRGetBouncyCastlesVerdict() {
        Random random = new Random(5);
        Set<Affine> distinct = new HashSet<>();
        for (byte[] t : SMALL_ORDER) {
            Affine point = Affine.decode(t);
            assertNotNull(point);
            assertEquals(Affine.IDENTITY, point.times(BigInteger.valueOf(8)));
            assertArrayEquals(t, point.encode());
            distinct.add(point);
        }
        assertEquals(8, distinct.size());

        List<Boolean> verdicts = new ArrayList<>();
        BigInteger a = scalar(random);
        byte[] key = BASE.times(a).encode();
        for (byte[] t : SMALL_ORDER) {
            String name = Vectors.hex(t);
            BigInteger r = scalar(random);
            for (byte[] t2 : SMALL_ORDER) {
                verdicts.add(assertSameVerdict("A " + name + " R " + Vectors.hex(t2), t, MESSAGE,
                        signature(t2, BigInteger.ZERO), random));
            }
            verdicts.add(assertSameVerdict("A " + name + " [r]B", t, MESSAGE,
                    signature(BASE.times(r).encode(), r), random));
            verdicts.add(assertSameVerdict("A " + name + " real signature", t, MESSAGE,
                    Ed25519.fromSeed(bytes(random, Ed25519.SEED_SIZE)).sign(MESSAGE), random));
            // R of small order with S = k·a satisfies [8]SB = [8]R + [8]kA but not SB = R + kA.
            BigInteger s = k(t, key, MESSAGE).multiply(a);
            verdicts.add(assertSameVerdict("R " + name, key, MESSAGE, signature(t, s), random));
            verdicts.add(assertSameVerdict("R " + name + " S+1", key, MESSAGE,
                    signature(t, s.add(BigInteger.ONE)), random));
        }
        assertTrue(verdicts.contains(true) && verdicts.contains(false), "the cases must exercise both verdicts");
    }

    /** A or R with a torsion component: the cofactored and cofactorless equations disagree here. */
    @Test
    void mixedOrderPointsGetBouncyCastlesVerdict() {
        Random random = new Random(6);
        List<Boolean> verdicts = new ArrayList<>();
        for (byte[] t : SMALL_ORDER) {
            Affine torsion = Affine.decode(t);
            for (int i = 0; i < 3; i++) {
                byte[] message = bytes(random, 40);
                BigInteger a = scalar(random);
                BigInteger r = scalar(random);
                Affine aB = BASE.times(a);
                Affine rB = BASE.times(r);

                byte[] mixedKey = aB.plus(torsion).encode();
                byte[] plainR = rB.encode();
                verdicts.add(assertSameVerdict("A + " + Vectors.hex(t), mixedKey, message,
                        signature(plainR, r.add(k(plainR, mixedKey, message).multiply(a))), random));

                byte[] key = aB.encode();
                byte[] mixedR = rB.plus(torsion).encode();
                verdicts.add(assertSameVerdict("R + " + Vectors.hex(t), key, message,
                        signature(mixedR, r.add(k(mixedR, key, message).multiply(a))), random));
            }
        }
        assertTrue(verdicts.contains(true), "the cases must exercise acceptance");
    }

    @Test
    void aLargeMessageStreamedInPiecesGetsBouncyCastlesVerdict() {
        Random random = new Random(7);
        Ed25519.KeyPair pair = Ed25519.fromSeed(bytes(random, Ed25519.SEED_SIZE));
        byte[] message = bytes(random, 32 << 20);
        byte[] signature = pair.sign(message);
        assertTrue(Ed25519.verify(pair.publicKey(), message, signature));
        assertTrue(inPieces(pair.publicKey(), message, signature, 64 << 10));

        message[message.length / 2 + 12345] ^= 0x10;
        assertFalse(Ed25519.verify(pair.publicKey(), message, signature));
        assertFalse(inPieces(pair.publicKey(), message, signature, 64 << 10));
    }

    @Test
    void wrongLengthsAndNullsAreInvalidNotExceptions() {
        Ed25519.KeyPair pair = Ed25519.fromSeed(new byte[Ed25519.SEED_SIZE]);
        byte[] key = pair.publicKey();
        byte[] signature = pair.sign(MESSAGE);
        assertTrue(whole(key, MESSAGE, signature));
        assertFalse(whole(Arrays.copyOf(key, 31), MESSAGE, signature));
        assertFalse(whole(Arrays.copyOf(key, 33), MESSAGE, signature));
        assertFalse(whole(new byte[0], MESSAGE, signature));
        assertFalse(whole(key, MESSAGE, Arrays.copyOf(signature, 63)));
        assertFalse(whole(key, MESSAGE, Arrays.copyOf(signature, 65)));
        assertFalse(whole(key, MESSAGE, new byte[0]));
        assertFalse(whole(null, MESSAGE, signature));
        assertFalse(whole(key, MESSAGE, null));
    }

    @Test
    void isSingleUse() {
        Ed25519.KeyPair pair = Ed25519.fromSeed(new byte[Ed25519.SEED_SIZE]);
        Ed25519StreamVerifier verifier = Ed25519StreamVerifier.start(pair.publicKey(), pair.sign(MESSAGE));
        verifier.update(MESSAGE, 0, MESSAGE.length);
        assertThrows(IndexOutOfBoundsException.class, () -> verifier.update(MESSAGE, 1, MESSAGE.length));
        assertTrue(verifier.verify());
        assertThrows(IllegalStateException.class, verifier::verify);
        assertThrows(IllegalStateException.class, () -> verifier.update(MESSAGE, 0, 1));
    }

    private static boolean assertSameVerdict(String what, byte[] key, byte[] message, byte[] signature,
            Random random) {
        boolean expected = Ed25519.verify(key, message, signature);
        assertEquals(expected, streamed(key, message, signature, Feed.RANDOM_PIECES, random), what);
        return expected;
    }

    private static boolean streamed(byte[] key, byte[] message, byte[] signature, Feed feed, Random random) {
        Ed25519StreamVerifier verifier = Ed25519StreamVerifier.start(key, signature);
        try (OutputStream out = verifier.asOutputStream()) {
            switch (feed) {
                case WHOLE -> verifier.update(message, 0, message.length);
                case BYTE_BY_BYTE -> {
                    for (byte b : message) {
                        out.write(b);
                    }
                }
                case RANDOM_PIECES -> {
                    for (int off = 0; off < message.length; ) {
                        int len = random.nextInt(message.length - off + 1);
                        verifier.update(message, off, len);
                        off += len;
                    }
                }
                case TRANSFER_TO -> new ByteArrayInputStream(message).transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return verifier.verify();
    }

    private static boolean whole(byte[] key, byte[] message, byte[] signature) {
        Ed25519StreamVerifier verifier = Ed25519StreamVerifier.start(key, signature);
        verifier.update(message, 0, message.length);
        return verifier.verify();
    }

    private static boolean inPieces(byte[] key, byte[] message, byte[] signature, int pieceSize) {
        Ed25519StreamVerifier verifier = Ed25519StreamVerifier.start(key, signature);
        for (int off = 0; off < message.length; off += pieceSize) {
            verifier.update(message, off, Math.min(pieceSize, message.length - off));
        }
        return verifier.verify();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] flipBit(byte[] bytes, int bit) {
        byte[] flipped = bytes.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
    }

    private static BigInteger scalar(Random random) {
        return new BigInteger(512, random).mod(L);
    }

    /** k = SHA-512(R || A || M) mod L. */
    private static BigInteger k(byte[] r, byte[] key, byte[] message) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update(r);
            sha512.update(key);
            return littleEndian(sha512.digest(message)).mod(L);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] signature(byte[] r, BigInteger s) {
        byte[] signature = Arrays.copyOf(r, 64);
        System.arraycopy(littleEndian(s.mod(L)), 0, signature, 32, 32);
        return signature;
    }

    /** The signature with S replaced by t, which need not be reduced. */
    private static byte[] withS(byte[] signature, BigInteger t) {
        byte[] replaced = signature.clone();
        System.arraycopy(littleEndian(t), 0, replaced, 32, 32);
        return replaced;
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] bigEndian = bytes.clone();
        for (int i = 0; i < bigEndian.length / 2; i++) {
            byte b = bigEndian[i];
            bigEndian[i] = bigEndian[bigEndian.length - 1 - i];
            bigEndian[bigEndian.length - 1 - i] = b;
        }
        return new BigInteger(1, bigEndian);
    }

    /** The 32 little-endian bytes of 0 ≤ n < 2^256. */
    private static byte[] littleEndian(BigInteger n) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = n.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    private static byte[] encode(BigInteger y, boolean sign) {
        byte[] encoded = littleEndian(y);
        if (sign) {
            encoded[31] |= (byte) 0x80;
        }
        return encoded;
    }

    /** A curve point in affine coordinates, reduced mod p; slow and simple, only for building test cases. */
    private record Affine(BigInteger x, BigInteger y) {

        static final Affine IDENTITY = new Affine(BigInteger.ZERO, BigInteger.ONE);

        /** The point with this y and x of this parity, or null if there is none. */
        static Affine withY(BigInteger y, boolean odd) {
            BigInteger yy = y.multiply(y);
            BigInteger xx = yy.subtract(BigInteger.ONE)
                    .multiply(D.multiply(yy).add(BigInteger.ONE).modInverse(P)).mod(P);
            BigInteger x = xx.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
            if (!x.multiply(x).mod(P).equals(xx)) {
                x = x.multiply(SQRT_MINUS_ONE).mod(P);
            }
            if (!x.multiply(x).mod(P).equals(xx) || (x.signum() == 0 && odd)) {
                return null;
            }
            return new Affine(x.testBit(0) == odd ? x : P.subtract(x), y);
        }

        static Affine decode(byte[] encoded) {
            BigInteger y = littleEndian(encoded).clearBit(255);
            return y.compareTo(P) >= 0 ? null : withY(y, (encoded[31] & 0x80) != 0);
        }

        byte[] encode() {
            return Ed25519StreamVerifierTest.encode(y, x.testBit(0));
        }

        Affine plus(Affine q) {
            BigInteger dxxyy = D.multiply(x).multiply(q.x).multiply(y).multiply(q.y).mod(P);
            BigInteger x3 = x.multiply(q.y).add(q.x.multiply(y)).multiply(BigInteger.ONE.add(dxxyy).modInverse(P));
            BigInteger y3 = y.multiply(q.y).add(x.multiply(q.x))
                    .multiply(BigInteger.ONE.subtract(dxxyy).mod(P).modInverse(P));
            return new Affine(x3.mod(P), y3.mod(P));
        }

        Affine times(BigInteger n) {
            Affine result = IDENTITY;
            for (int i = n.bitLength() - 1; i >= 0; i--) {
                result = result.plus(result);
                if (n.testBit(i)) {
                    result = result.plus(this);
                }
            }
            return result;
        }
    }
}
