package org.peerlink.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs {@code infra ...} as the launcher's {@code java -jar peerlink-launcher.jar infra ...} does, in this JVM, and
 * reads what it wrote.
 */
public final class Rendering {

    private Rendering() {
    }

    /** Exit code, stdout and stderr of one {@code java -jar peerlink-launcher.jar ...}. */
    public record Result(int exitCode, String out, String err) {
        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    /**
     * {@code java -jar peerlink-launcher.jar <args>} in this JVM.
     *
     * @param env  environment the command sees
     * @param args arguments
     * @return what happened
     */
    public static Result run(Map<String, String> env, String... args) {
        assertEquals("infra", args[0], "an infra command");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = InfraCommands.run(List.of(args).subList(1, args.length), env,
                                         new PrintStream(out, true, StandardCharsets.UTF_8),
                                         new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code infra render <args>}, which must succeed.
     *
     * @param env  environment (TURN_PASSWORD etc.)
     * @param args options after {@code infra render}
     * @return what happened
     */
    public static Result render(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("infra", "render"));
        all.addAll(List.of(args));
        Result result = run(env, all.toArray(String[]::new));
        assertEquals(0, result.exitCode(), "infra render failed: " + result.err());
        return result;
    }

    /**
     * Read a rendered environment file the way systemd and compose do: {@code KEY=VALUE} lines, {@code #}
     * comments, blank lines.
     *
     * @param file peerlink.env
     * @return the variables in file order
     * @throws IOException if it cannot be read
     */
    public static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IOException(file + ": not KEY=VALUE: " + line);
            }
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    /**
     * The rendered certificate as the only trust anchor: what an app does after the user trusted it.
     *
     * @param certificate tls/fullchain.pem
     * @return TLS context that trusts exactly that certificate
     * @throws IOException              if it cannot be read
     * @throws GeneralSecurityException if it is not a certificate
     */
    public static SSLContext trusting(Path certificate) throws IOException, GeneralSecurityException {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certificate)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("peerlink", cert);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
