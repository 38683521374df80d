package org.peerlink.core.crypto;

import java.io.OutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Verifies a pure Ed25519 (RFC 8032) signature over a message fed in pieces, for messages too large to
 * hold in memory. Pure Ed25519 reads the message exactly once, inside k = SHA-512(R || A || M), so the
 * message can be hashed as it arrives and the group equation checked at the end.
 *
 * <p>Accepts and rejects exactly what {@link Ed25519#verify} (BouncyCastle 1.83) does:
 * <ul>
 *   <li>S must be below the group order L;</li>
 *   <li>R and A must be canonical (y &lt; p), on the curve, and not "negative zero" (x = 0 with the sign
 *       bit set);</li>
 *   <li>A must not be one of the eight small-order points. BouncyCastle rejects their y coordinates
 *       whatever the sign bit; as P and -P share y and order, testing [8]A = O after decoding rejects the
 *       same keys. Mixed-order A and small-order R are allowed;</li>
 *   <li>the equation is the cofactored one, [8][S]B = [8]R + [8][k]A.</li>
 * </ul>
 *
 * <p>Everything here is public (key, signature, message), so the arithmetic is deliberately variable
 * time. Single use and not thread-safe, like {@link MessageDigest}. Wrong-length or null keys and
 * signatures make {@link #verify()} return false rather than throw.
 */
public final class Ed25519StreamVerifier {

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L =
            BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger D2 = D.shiftLeft(1).mod(P);
    private static final BigInteger SQRT_MINUS_ONE =
            BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    private static final BigInteger SQRT_EXPONENT = P.subtract(BigInteger.valueOf(5)).shiftRight(3);

    private static final BigInteger LOW_255_BITS = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);
    private static final BigInteger NINETEEN = BigInteger.valueOf(19);

    /** NAF widths: B's table is shared by all verifications, so it can afford to be wider than A's. */
    private static final int BASE_WIDTH = 7;
    private static final int POINT_WIDTH = 5;

    /** The base point: y = 4/5 with the even x (RFC 8032 §5.1). */
    private static final OddMultiples BASE_MULTIPLES = OddMultiples.of(Point.decode(
            encodeY(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P))), BASE_WIDTH);

    /** Null once the key or signature is known to be invalid: the message then needs no hashing. */
    private MessageDigest digest;
    private Point minusA;
    private Point minusR;
    private BigInteger s;
    private boolean finished;

    private Ed25519StreamVerifier(byte[] publicKey, byte[] signature) {
        if (publicKey == null || signature == null
                || publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
            return;
        }
        s = littleEndian(signature, 32, 32);
        Point a = Point.decode(publicKey);
        Point r = Point.decode(Arrays.copyOf(signature, 32));
        if (s.compareTo(L) >= 0 || a == null || r == null || a.twice().twice().twice().isIdentity()) {
            return;
        }
        minusA = a.negate();
        minusR = r.negate();
        digest = sha512();
        digest.update(signature, 0, 32);
        digest.update(publicKey);
    }

    /** Begins verifying {@code signature} by {@code publicKey}; both are read here and not kept. */
    public static Ed25519StreamVerifier start(byte[] publicKey, byte[] signature) {
        return new Ed25519StreamVerifier(publicKey, signature);
    }

    /** Feeds the next {@code len} bytes of the message. */
    public void update(byte[] bytes, int off, int len) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        if (finished) {
            throw new IllegalStateException("verify() was already called");
        }
        if (digest != null) {
            digest.update(bytes, off, len);
        }
    }

    /** A sink for the message, e.g. for {@link java.io.InputStream#transferTo}; closing it does nothing. */
    public OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                update(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                update(b, off, len);
            }
        };
    }

    /** The verdict once the whole message has been fed; may be called once. */
    public boolean verify() {
        if (finished) {
            throw new IllegalStateException("verify() was already called");
        }
        finished = true;
        if (digest == null) {
            return false;
        }
        BigInteger k = littleEndian(digest.digest(), 0, 64).mod(L);
        // [S]B - [k]A - R is a small-order point exactly when the cofactored equation holds.
        Point q = linearCombination(s, k, minusA).plus(minusR);
        return q.twice().twice().twice().isIdentity();
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-512", e);
        }
    }

    private static BigInteger littleEndian(byte[] bytes, int off, int len) {
        byte[] bigEndian = new byte[len];
        for (int i = 0; i < len; i++) {
            bigEndian[i] = bytes[off + len - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static byte[] encodeY(BigInteger y) {
        byte[] bigEndian = y.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    /**
     * [s]B + [k]N with one shared run of doublings (Straus) over width-w NAF digits, which add a point
     * only every w + 1 bits on average; B's wider table is built once.
     */
    private static Point linearCombination(BigInteger s, BigInteger k, Point n) {
        int[] sDigits = nafDigits(s, BASE_WIDTH);
        int[] kDigits = nafDigits(k, POINT_WIDTH);
        OddMultiples nMultiples = OddMultiples.of(n, POINT_WIDTH);
        Point q = Point.IDENTITY;
        for (int i = Math.max(sDigits.length, kDigits.length) - 1; i >= 0; i--) {
            q = q.twice();
            if (i < sDigits.length && sDigits[i] != 0) {
                q = q.plus(BASE_MULTIPLES.get(sDigits[i]));
            }
            if (i < kDigits.length && kDigits[i] != 0) {
                q = q.plus(nMultiples.get(kDigits[i]));
            }
        }
        return q;
    }

    /** Signed digits of n ≥ 0, least significant first: zero or odd with magnitude below 2^(width-1). */
    private static int[] nafDigits(BigInteger n, int width) {
        int[] digits = new int[n.bitLength() + 1];
        int window = 1 << width;
        for (int i = 0; n.signum() > 0; i++, n = n.shiftRight(1)) {
            if (n.testBit(0)) {
                int digit = n.intValue() & (window - 1);
                if (digit >= window / 2) {
                    digit -= window;
                }
                digits[i] = digit;
                n = n.subtract(BigInteger.valueOf(digit));
            }
        }
        return digits;
    }

    private static BigInteger mul(BigInteger a, BigInteger b) {
        return reduce(a.multiply(b));
    }

    /** v mod p for 0 ≤ v, folding with 2^255 ≡ 19: markedly faster than BigInteger.mod here. */
    private static BigInteger reduce(BigInteger v) {
        while (v.bitLength() > 255) {
            v = v.and(LOW_255_BITS).add(v.shiftRight(255).multiply(NINETEEN));
        }
        return v.compareTo(P) >= 0 ? v.subtract(P) : v;
    }

    private static BigInteger add(BigInteger a, BigInteger b) {
        BigInteger sum = a.add(b);
        return sum.compareTo(P) >= 0 ? sum.subtract(P) : sum;
    }

    private static BigInteger sub(BigInteger a, BigInteger b) {
        BigInteger difference = a.subtract(b);
        return difference.signum() < 0 ? difference.add(P) : difference;
    }

    /**
     * A point in extended coordinates (x = X/Z, y = Y/Z, xy = T/Z), coordinates kept reduced mod p. The
     * formulas are RFC 8032 §5.1.4's, which are complete on this curve: no special cases for the
     * identity, doubling or small-order inputs.
     */
    private record Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {

        static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);

        /** RFC 8032 §5.1.3, returning null where it says decoding fails. */
        static Point decode(byte[] encoded) {
            boolean xOdd = (encoded[31] & 0x80) != 0;
            byte[] yBytes = encoded.clone();
            yBytes[31] &= 0x7f;
            BigInteger y = littleEndian(yBytes, 0, 32);
            if (y.compareTo(P) >= 0) {
                return null;
            }
            BigInteger yy = mul(y, y);
            BigInteger u = sub(yy, BigInteger.ONE);
            BigInteger v = add(mul(D, yy), BigInteger.ONE);
            BigInteger v3 = mul(mul(v, v), v);
            BigInteger x = mul(mul(u, v3), mul(u, mul(v3, mul(v3, v))).modPow(SQRT_EXPONENT, P));
            BigInteger vxx = mul(v, mul(x, x));
            if (vxx.equals(sub(BigInteger.ZERO, u))) {
                x = mul(x, SQRT_MINUS_ONE);
            } else if (!vxx.equals(u)) {
                return null;
            }
            if (x.signum() == 0 && xOdd) {
                return null;
            }
            if (x.testBit(0) != xOdd) {
                x = P.subtract(x);
            }
            return new Point(x, y, BigInteger.ONE, mul(x, y));
        }

        Point negate() {
            return new Point(sub(BigInteger.ZERO, x), y, z, sub(BigInteger.ZERO, t));
        }

        Point plus(Point q) {
            BigInteger a = mul(sub(y, x), sub(q.y, q.x));
            BigInteger b = mul(add(y, x), add(q.y, q.x));
            BigInteger c = mul(mul(t, D2), q.t);
            BigInteger d = mul(z.shiftLeft(1), q.z);
            BigInteger e = sub(b, a);
            BigInteger f = sub(d, c);
            BigInteger g = add(d, c);
            BigInteger h = add(b, a);
            return new Point(mul(e, f), mul(g, h), mul(f, g), mul(e, h));
        }

        Point twice() {
            BigInteger a = mul(x, x);
            BigInteger b = mul(y, y);
            BigInteger zz = mul(z, z);
            BigInteger c = add(zz, zz);
            BigInteger h = add(a, b);
            BigInteger xy = add(x, y);
            BigInteger e = sub(h, mul(xy, xy));
            BigInteger g = sub(a, b);
            BigInteger f = add(c, g);
            return new Point(mul(e, f), mul(g, h), mul(f, g), mul(e, h));
        }

        /** Projectively (0 : 1 : 1). */
        boolean isIdentity() {
            return x.signum() == 0 && y.equals(z);
        }
    }

    /** P, 3P, 5P, ... up to (2^(width-1) - 1)P and their negations, indexed by a NAF digit. */
    private record OddMultiples(Point[] positive, Point[] negative) {

        static OddMultiples of(Point p, int width) {
            int count = 1 << (width - 2);
            Point[] positive = new Point[count];
            Point[] negative = new Point[count];
            Point twice = p.twice();
            positive[0] = p;
            for (int i = 1; i < count; i++) {
                positive[i] = positive[i - 1].plus(twice);
            }
            for (int i = 0; i < count; i++) {
                negative[i] = positive[i].negate();
            }
            return new OddMultiples(positive, negative);
        }

        Point get(int digit) {
            return digit > 0 ? positive[digit >> 1] : negative[-digit >> 1];
        }
    }
}
