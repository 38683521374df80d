package org.peerlink.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The certificate, read back with the JDK only (not BouncyCastle, which wrote it). */
class SelfSignedCertificateTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private TlsFiles files() throws IOException {
        return new TlsFiles(Files.createDirectories(dir.resolve("tls")));
    }

    @Test
    void anIpGetsAnIpSanAndTheKeyIsPrivate() throws Exception {
        TlsFiles tls = files();
        SelfSignedCertificate.Outcome outcome = SelfSignedCertificate.ensure(tls, "203.0.113.7", "203.0.113.7", false, NOW);

        assertTrue(outcome.created());
        assertEquals("there was none", outcome.reason());
        X509Certificate cert = readCertificate(tls.certificate());
        assertEquals(Set.of(List.of(7, "203.0.113.7")), sans(cert));
        assertEquals("CN=203.0.113.7", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey()); // self-signed
        assertEquals(Integer.MAX_VALUE, cert.getBasicConstraints()); // its own CA, as `openssl req -x509` makes it
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage()); // serverAuth
        assertEquals(NOW.plus(SelfSignedCertificate.VALIDITY), cert.getNotAfter().toInstant());
        assertTrue(cert.getNotBefore().toInstant().isBefore(NOW));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.privateKey())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.combined())));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.certificate())));
        assertKeyMatches(readKey(tls.privateKey()), cert);
    }

    @Test
    void aNameGetsADnsSanAndThePublicIp() throws Exception {
        TlsFiles tls = files();
        SelfSignedCertificate.ensure(tls, "peerlink.example.org", "198.51.100.4", false, NOW);
        assertEquals(Set.of(List.of(2, "peerlink.example.org"), List.of(7, "198.51.100.4")),
                     sans(readCertificate(tls.certificate())));
    }

    @Test
    void ipv6SansAreCompared() throws Exception {
        TlsFiles tls = files();
        SelfSignedCertificate.ensure(tls, "2001:db8::7", "2001:db8::7", false, NOW);
        assertEquals(Set.of(List.of(7, "2001:db8:0:0:0:0:0:7")), sans(readCertificate(tls.certificate())));
        // written compressed, reported expanded by the JDK: still the same name, so it is kept
        assertFalse(SelfSignedCertificate.ensure(tls, "2001:db8::7", "2001:db8::7", false, NOW).created());
    }

    @Test
    void theCombinedFileIsTheCertificateThenItsKey() throws Exception {
        TlsFiles tls = files();
        SelfSignedCertificate.ensure(tls, "203.0.113.7", "203.0.113.7", false, NOW);
        String combined = Files.readString(tls.combined(), StandardCharsets.US_ASCII);
        assertEquals(Files.readString(tls.certificate(), StandardCharsets.US_ASCII)
                             + Files.readString(tls.privateKey(), StandardCharsets.US_ASCII), combined);
        assertTrue(combined.startsWith("-----BEGIN CERTIFICATE-----\n"), combined);
        assertTrue(combined.contains("-----BEGIN PRIVATE KEY-----\n"), combined);
    }

    @Test
    void aFittingCertificateIsKeptSoTrustInItSurvivesARedeploy() throws Exception {
        TlsFiles tls = files();
        SelfSignedCertificate.ensure(tls, "203.0.113.7", "203.0.113.7", false, NOW);
        byte[] cert = Files.readAllBytes(tls.certificate());
        byte[] key = Files.readAllBytes(tls.privateKey());
        Files.delete(tls.combined());

        SelfSignedCertificate.Outcome again = SelfSignedCertificate.ensure(
                tls, "203.0.113.7", "203.0.113.7", false, NOW.plus(Duration.ofDays(100)));

        assertFalse(again.created(), again.reason());
        assertTrue(again.reason().startsWith("it still names IP:203.0.113.7 and is valid until "), again.reason());
        assertArrayEquals(cert, Files.readAllBytes(tls.certificate()));
        assertArrayEquals(key, Files.readAllBytes(tls.privateKey()));
        assertTrue(Files.exists(tls.combined()), "the combined file is written again");
    }

    @Test
    void aNewHostAnExpiryAMismatchedKeyOrTheRenewFlagMakeANewOne() throws Exception {
        TlsFiles tls = files();
        SelfSignedCertificate.ensure(tls, "203.0.113.7", "203.0.113.7", false, NOW);

        SelfSignedCertificate.Outcome moved = SelfSignedCertificate.ensure(tls, "203.0.113.8", "203.0.113.8", false, NOW);
        assertTrue(moved.created());
        assertEquals("it names [IP:203.0.113.7], not [IP:203.0.113.8]", moved.reason());

        Instant late = NOW.plus(SelfSignedCertificate.VALIDITY).minus(Duration.ofDays(10));
        SelfSignedCertificate.Outcome expiring = SelfSignedCertificate.ensure(tls, "203.0.113.8", "203.0.113.8", false, late);
        assertTrue(expiring.created());
        assertTrue(expiring.reason().startsWith("it expires "), expiring.reason());

        byte[] before = Files.readAllBytes(tls.certificate());
        SelfSignedCertificate.Outcome renewed = SelfSignedCertificate.ensure(tls, "203.0.113.8", "203.0.113.8", true, late);
        assertEquals("--renew-certificate", renewed.reason());
        assertNotEquals(new String(before, StandardCharsets.US_ASCII),
                        Files.readString(tls.certificate(), StandardCharsets.US_ASCII));

        // somebody else's key next to our certificate
        TlsFiles other = new TlsFiles(Files.createDirectories(dir.resolve("other")));
        SelfSignedCertificate.ensure(other, "203.0.113.8", "203.0.113.8", false, late);
        Files.copy(other.privateKey(), tls.privateKey(), StandardCopyOption.REPLACE_EXISTING);
        SelfSignedCertificate.Outcome mismatched = SelfSignedCertificate.ensure(tls, "203.0.113.8", "203.0.113.8", false, late);
        assertEquals("privkey.pem is not the certificate's key", mismatched.reason());
        assertKeyMatches(readKey(tls.privateKey()), readCertificate(tls.certificate()));
    }

    @Test
    void aChainWithMoreNamesIsKeptAsLongAsItsFirstCertificateFits() throws Exception {
        TlsFiles tls = files();
        SelfSignedCertificate.ensure(tls, "peerlink.example.org", "198.51.100.4", false, NOW);
        TlsFiles issuer = new TlsFiles(Files.createDirectories(dir.resolve("issuer")));
        SelfSignedCertificate.ensure(issuer, "ca.example.org", "198.51.100.99", false, NOW);
        Files.writeString(tls.certificate(), Files.readString(tls.certificate(), StandardCharsets.US_ASCII)
                + Files.readString(issuer.certificate(), StandardCharsets.US_ASCII));

        SelfSignedCertificate.Outcome outcome = SelfSignedCertificate.ensure(tls, "peerlink.example.org", "198.51.100.4",
                                                                             false, NOW);
        assertFalse(outcome.created(), outcome.reason());
        String combined = Files.readString(tls.combined(), StandardCharsets.US_ASCII);
        assertEquals(2, combined.split("-----BEGIN CERTIFICATE-----", -1).length - 1, "HAProxy gets the whole chain");
        assertTrue(combined.endsWith(Files.readString(tls.privateKey(), StandardCharsets.US_ASCII)));
    }

    @Test
    void anUnreadableCertificateIsNeverOverwrittenWithoutBeingTold() throws Exception {
        TlsFiles tls = files();
        Files.writeString(tls.certificate(), "not a certificate\n");
        Files.writeString(tls.privateKey(), "not a key\n");

        IOException e = assertThrows(IOException.class,
                                     () -> SelfSignedCertificate.ensure(tls, "203.0.113.7", "203.0.113.7", false, NOW));
        assertEquals(tls.certificate() + " holds no PEM certificate (fix or delete it, or pass --renew-certificate)",
                     e.getMessage());
        assertEquals("not a certificate\n", Files.readString(tls.certificate()));

        assertTrue(SelfSignedCertificate.ensure(tls, "203.0.113.7", "203.0.113.7", true, NOW).created());
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey readKey(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("-----BEGIN PRIVATE KEY-----\n"), text);
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static void assertKeyMatches(PrivateKey key, X509Certificate cert) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert);
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature), "privkey.pem belongs to fullchain.pem");
    }

    private static Set<List<?>> sans(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream().map(List::copyOf).collect(Collectors.toSet());
    }
}
