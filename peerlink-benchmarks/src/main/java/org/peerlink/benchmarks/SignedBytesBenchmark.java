package org.peerlink.benchmarks;

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
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.register.RegisterCanonicalPayload;
import org.peerlink.core.register.RegisterProof;
import org.peerlink.core.relay.RelaySignedBytes;

/**
 * Building the bytes a signature covers: the relay store string (fields joined, then the raw payload) and the
 * register v2 canonical payload, re-serialised from the parsed frame with the client's full identity profile.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignedBytesBenchmark {

    private byte[] payload;
    private JsNumber ts;
    private JsNumber ttl;
    private RegisterProof proof;

    @Setup
    public void setUp() throws Exception {
        payload = Fixtures.bytes(256, 3);
        ts = JsNumber.ofJsonText("1741590002123");
        ttl = JsNumber.ofJsonText("86400");
        JsObject frame = (JsObject) JsonReader.parse(Fixtures.registerFrame(1741590002123L, "n-a3c6da6329c588874"));
        JsObject auth = (JsObject) ((JsObject) frame.get("payload")).get("auth");
        proof = new RegisterProof(Fixtures.PEER, (JsNumber) auth.get("timestampMs"), auth.string("nonce").orElseThrow(),
                auth.string("signingPublicKey").orElseThrow(), auth.get("legacyPeerId"), auth.get("identityProfile"));
    }

    @Benchmark
    public byte[] relayStore() {
        return RelaySignedBytes.store("0f6d2b1e-8c1a-4d1e-9a57-3c2b8e1f0a9d", Fixtures.PEER, "peer-recipient-01", ts,
                ttl, payload);
    }

    @Benchmark
    public byte[] registerV2WithProfile() {
        return RegisterCanonicalPayload.v2(proof);
    }
}
