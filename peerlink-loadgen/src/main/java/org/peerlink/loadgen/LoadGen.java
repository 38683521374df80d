package org.peerlink.loadgen;

import java.util.Arrays;
import java.util.List;

import org.peerlink.loadgen.relay.BlobWorkload;
import org.peerlink.loadgen.relay.RelayCycleWorkload;
import org.peerlink.loadgen.relay.RelayStoreWorkload;
import org.peerlink.loadgen.signal.SignalForwardWorkload;
import org.peerlink.loadgen.signal.SignalIdleWorkload;
import org.peerlink.loadgen.signal.SignalRegisterWorkload;

/**
 * {@code java -jar peerlink-loadgen.jar <workload> [options]}: runs one workload against a running server and
 * prints its report. See docs/PERFORMANCE.md for what each workload does and the exact commands.
 */
public final class LoadGen {

    static final String USAGE = """
            usage: java -jar peerlink-loadgen.jar <workload> [options]

            workloads:
              relay-store      signed /relay/store requests on keep-alive connections
              relay-cycle      store a batch -> fetch -> ack each, per connection
              blob             chunked blob upload, complete, streamed download (checked)
              signal-register  new socket, register, ack, close; repeated
              signal-forward   pairs of peers ping-ponging signals
              signal-idle      many registered idle sockets: presence fan-out, RSS per socket
              startup          start the server command after --, time to first answer, idle RSS

            common options:
              --relay URL          relay base URL (default http://127.0.0.1:4000)
              --signal URL         signal URL (default ws://127.0.0.1:3000)
              --server-pid PID     report this process's CPU time and RSS (from /proc)
              --duration D         measured time (default 20s), after --warmup D (default 5s)
              --connections N      concurrent connections / registers in flight (default 32)

            workload options:
              relay-store, relay-cycle: --payload-bytes N (256), --presign N; relay-cycle: --batch N (50), --limit N (50)
              blob: --blob-size S (32MiB), --chunk-size S (1MiB), --in-flight N (5), --repeat N (3), --warmup-rounds N (1)
              signal-register: --no-profile, --presign N
              signal-forward: --pairs N (200), --message-bytes N (1024)
              signal-idle: --sockets N (2000), --warmup-sockets N (500), --settle D (10s), --timeout D (1800s),
                           --ping-interval D (20s, the app's; 0s = never), --gc-before-rss
              startup: --repeat N (3), --warmup-rounds N (0), --settle D (5s), --timeout D (30s) -- <command...>
            """;

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        int separator = Arrays.asList(args).indexOf("--");
        String[] own = separator < 0 ? args : Arrays.copyOfRange(args, 0, separator);
        List<String> command = separator < 0 ? List.of() : List.of(args).subList(separator + 1, args.length);
        Report report;
        try {
            Options options = Options.parse(own, 1);
            report = switch (args[0]) {
                case "relay-store" -> checked(options, new RelayStoreWorkload(options)).run();
                case "relay-cycle" -> checked(options, new RelayCycleWorkload(options)).run();
                case "blob" -> checked(options, new BlobWorkload(options)).run();
                case "signal-register" -> checked(options, new SignalRegisterWorkload(options)).run();
                case "signal-forward" -> checked(options, new SignalForwardWorkload(options)).run();
                case "signal-idle" -> checked(options, new SignalIdleWorkload(options)).run();
                case "startup" -> checked(options, new StartupWorkload(options, command)).run();
                default -> throw new IllegalArgumentException("unknown workload: " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            System.err.println("peerlink-loadgen: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        report.print(System.out);
        System.exit(0);
    }

    private static <T> T checked(Options options, T workload) {
        options.rejectUnused();
        return workload;
    }
}
