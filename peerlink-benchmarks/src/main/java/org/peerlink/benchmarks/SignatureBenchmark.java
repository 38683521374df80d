package org.peerlink.benchmarks;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.peerlink.core.crypto.Ed25519;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.relay.RelaySignedBytes;

/**
 * Ed25519 on one core: the relay's verification (BouncyCastle's low-level API, what the server uses), the JDK
 * provider for comparison, and signing (what clients and the load generator pay). The message is a relay store's
 * signed bytes with a 256-byte payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBenchmark {

    private byte[] message;
    private byte[] signature;
    private Signature jdkVerifier;
    private PublicKey jdkKey;
    private org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint publicPoint;

    @Setup
    public void setUp() throws Exception {
        message = RelaySignedBytes.store("0f6d2b1e-8c1a-4d1e-9a57-3c2b8e1f0a9d", Fixtures.PEER, "peer-recipient-01",
                JsNumber.of(1741590002123L), JsNumber.of(86400), Fixtures.bytes(256, 3));
        signature = Fixtures.KEYS.sign(message);
        // X.509 SubjectPublicKeyInfo of an Ed25519 key: a fixed 12-byte prefix, then the raw key
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        byte[] encoded = new byte[prefix.length + 32];
        System.arraycopy(prefix, 0, encoded, 0, prefix.length);
        System.arraycopy(Fixtures.KEYS.publicKey(), 0, encoded, prefix.length, 32);
        jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        jdkVerifier = Signature.getInstance("Ed25519");
        publicPoint = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(Fixtures.KEYS.publicKey(), 0);
    }

    @Benchmark
    public boolean verifyBouncyCastle() {
        return Ed25519.verify(Fixtures.KEYS.publicKey(), message, signature);
    }

    @Benchmark
    public boolean verifyBouncyCastleDecodedKey() {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicPoint, message, 0, message.length);
    }

    @Benchmark
    public boolean verifyJdkProvider() throws Exception {
        jdkVerifier.initVerify(jdkKey);
        jdkVerifier.update(message);
        return jdkVerifier.verify(signature);
    }

    @Benchmark
    public byte[] signBouncyCastle() {
        return Fixtures.KEYS.sign(message);
    }
}
