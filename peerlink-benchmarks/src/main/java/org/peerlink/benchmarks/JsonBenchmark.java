package org.peerlink.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
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
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.json.MalformedJsonException;

/**
 * The JSON the servers parse and write per request: a relay store envelope (parse, then re-serialised with the
 * number text as received, which is what is stored), a register frame with the full identity profile, a 1 KB
 * signal frame, and the server frames written most often (presence update, forwarded signal).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBenchmark {

    private byte[] storeBody;
    private JsValue parsedStore;
    private String registerFrame;
    private String signalFrame;
    private JsObject signalPayload;

    @Setup
    public void setUp() throws MalformedJsonException {
        storeBody = Fixtures.storeBody("0f6d2b1e-8c1a-4d1e-9a57-3c2b8e1f0a9d", 256);
        parsedStore = JsonReader.parse(storeBody);
        registerFrame = Fixtures.registerFrame(1741590002123L, "n-a3c6da6329c588874");
        signalFrame = Fixtures.signalFrame();
        signalPayload = (JsObject) ((JsObject) JsonReader.parse(signalFrame)).get("payload");
    }

    @Benchmark
    public JsValue parseStoreEnvelope() throws MalformedJsonException {
        return JsonReader.parse(storeBody);
    }

    @Benchmark
    public String writeStoredEnvelope() {
        return JsonWriter.write(parsedStore, JsonWriter.Numbers.AS_RECEIVED);
    }

    @Benchmark
    public JsValue parseRegisterFrame() throws MalformedJsonException {
        return JsonReader.parse(registerFrame);
    }

    @Benchmark
    public JsValue parseSignalFrame() throws MalformedJsonException {
        return JsonReader.parse(signalFrame);
    }

    /** As the hub builds it: a fresh frame id, then stringify; the bytes are what goes on the wire. */
    @Benchmark
    public byte[] writePresenceFrame() {
        return JsonWriter.stringify(JsObject.builder()
                .put("v", "1")
                .put("id", "srv-presence-update-" + UUID.randomUUID())
                .put("type", "presence_update")
                .put("payload", JsObject.builder().put("peerId", Fixtures.PEER).put("status", "online").build())
                .build()).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] writeForwardedSignal() {
        return JsonWriter.stringify(JsObject.builder()
                .put("v", "1")
                .put("id", "srv-signal-" + UUID.randomUUID())
                .put("type", "signal")
                .put("payload", signalPayload)
                .build()).getBytes(StandardCharsets.UTF_8);
    }
}
