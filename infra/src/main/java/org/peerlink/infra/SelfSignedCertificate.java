package org.peerlink.infra;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS certificate HAProxy and coturn present: self-signed for the public host, with the subject alternative
 * names clients check (an IP SAN for an IP, a DNS SAN for a name, plus the public IP).
 * <p>
 * Apps trust a self-signed certificate by hand, so a re-render keeps the existing one as long as it still fits
 * (same names, key matches, not about to expire). A certificate from a public CA placed in the same files is kept
 * the same way.
 */
final class SelfSignedCertificate {

    /** Lifetime of a new certificate: the longest that Apple platforms accept for a TLS server certificate. */
    static final Duration VALIDITY = Duration.ofDays(825);
    /** A certificate that expires sooner than this is replaced. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private SelfSignedCertificate() {
    }

    /**
     * What {@link #ensure} did.
     *
     * @param created     whether a new certificate was written
     * @param reason      why it was created, or why the old one was kept
     * @param certificate the certificate now in place
     */
    record Outcome(boolean created, String reason, X509Certificate certificate) {
    }

    /**
     * Make sure {@code files} hold a certificate and key for {@code host} and {@code publicIp}, and write the
     * combined PEM for HAProxy.
     *
     * @param files    where the files are
     * @param host     public host (DNS name or IP)
     * @param publicIp public IP
     * @param renew    create a new certificate even if the existing one fits
     * @param now      current time
     * @return what was done
     * @throws IOException if the files cannot be read or written
     */
    static Outcome ensure(TlsFiles files, String host, String publicIp, boolean renew, Instant now)
            throws IOException {
        Set<String> wanted = subjectAltNames(host, publicIp);
        Optional<Existing> existing = Optional.empty();
        String createReason = null;
        if (renew) {
            createReason = "--renew-certificate";
        } else if (!Files.exists(files.certificate()) || !Files.exists(files.privateKey())) {
            createReason = "there was none";
        } else {
            try {
                existing = Optional.of(Existing.read(files));
            } catch (IOException e) {
                // never overwrite what may be someone's real certificate without being told to
                throw new IOException(e.getMessage() + " (fix or delete it, or pass --renew-certificate)", e);
            }
            createReason = existing.get().problem(wanted, now).orElse(null);
        }

        if (createReason == null) {
            X509Certificate kept = existing.orElseThrow().certificate();
            String certificatePem = Files.readString(files.certificate(), StandardCharsets.US_ASCII);
            String keyPem = Files.readString(files.privateKey(), StandardCharsets.US_ASCII);
            SecureFiles.writePrivate(files.combined(), withNewline(certificatePem) + keyPem);
            return new Outcome(false, "it still names " + String.join(", ", wanted) + " and is valid until "
                    + kept.getNotAfter().toInstant(), kept);
        }

        KeyPair keyPair = newKeyPair();
        X509Certificate certificate = create(keyPair, host, wanted, now);
        String certificatePem = pem(certificate);
        String keyPem = pem(new JcaPKCS8Generator(keyPair.getPrivate(), null).generate());
        SecureFiles.writePrivate(files.privateKey(), keyPem);
        SecureFiles.writePublic(files.certificate(), certificatePem);
        SecureFiles.writePrivate(files.combined(), certificatePem + keyPem);
        return new Outcome(true, createReason, certificate);
    }

    /**
     * The SANs a certificate for this host must carry, as {@code DNS:name} / {@code IP:address} (addresses in the
     * JDK's canonical text, as {@link X509Certificate#getSubjectAlternativeNames()} reports them).
     *
     * @param host     public host
     * @param publicIp public IP
     * @return the names, host first
     */
    static Set<String> subjectAltNames(String host, String publicIp) {
        Set<String> names = new LinkedHashSet<>();
        Optional<InetAddress> hostIp = HostNames.ipLiteral(host);
        names.add(hostIp.map(ip -> "IP:" + ip.getHostAddress()).orElse("DNS:" + host));
        names.add("IP:" + HostNames.ipLiteral(publicIp).orElseThrow().getHostAddress());
        return names;
    }

    private static KeyPair newKeyPair() {
        try {
            // P-256: accepted by every TLS stack the apps, HAProxy and coturn use, and quick to generate
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a P-256 key", e);
        }
    }

    private static X509Certificate create(KeyPair keyPair, String host, Set<String> sans, Instant now) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build();
        BigInteger serial = new BigInteger(127, new SecureRandom());
        // an hour of slack for a client clock that runs a little behind
        Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
        Date notAfter = Date.from(now.plus(VALIDITY));
        List<GeneralName> names = new ArrayList<>();
        for (String san : sans) {
            names.add(san.startsWith("IP:")
                              ? new GeneralName(GeneralName.iPAddress, san.substring(3))
                              : new GeneralName(GeneralName.dNSName, san.substring(4)));
        }
        try {
            PublicKey publicKey = keyPair.getPublic();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial, notBefore, notAfter,
                                                                               subject, publicKey)
                    // Like `openssl req -x509`, which the original deployment used: the certificate is its own CA,
                    // so a phone can install it as a trusted CA certificate.
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                                  extensions.createAuthorityKeyIdentifier(publicKey))
                    .addExtension(Extension.subjectAlternativeName, false,
                                  new GeneralNames(names.toArray(GeneralName[]::new)));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                                                                 .build(keyPair.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static String withNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }

    /** The certificate and key already on disk. */
    private record Existing(X509Certificate certificate, PrivateKey key) {

        static Existing read(TlsFiles files) throws IOException {
            X509Certificate certificate = null;
            try (PEMParser parser = new PEMParser(new StringReader(
                    Files.readString(files.certificate(), StandardCharsets.US_ASCII)))) {
                // the first certificate of a chain is the server's own
                for (Object o = parser.readObject(); o != null && certificate == null; o = parser.readObject()) {
                    if (o instanceof X509CertificateHolder holder) {
                        certificate = new JcaX509CertificateConverter().getCertificate(holder);
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IOException(files.certificate() + " holds an unreadable certificate: " + e.getMessage(), e);
            }
            if (certificate == null) {
                throw new IOException(files.certificate() + " holds no PEM certificate");
            }
            PrivateKey key = null;
            try (PEMParser parser = new PEMParser(new StringReader(
                    Files.readString(files.privateKey(), StandardCharsets.US_ASCII)))) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                for (Object o = parser.readObject(); o != null && key == null; o = parser.readObject()) {
                    if (o instanceof PrivateKeyInfo info) {
                        key = converter.getPrivateKey(info);
                    } else if (o instanceof PEMKeyPair pair) {
                        key = converter.getKeyPair(pair).getPrivate();
                    }
                }
            }
            if (key == null) {
                throw new IOException(files.privateKey() + " holds no unencrypted PEM private key");
            }
            return new Existing(certificate, key);
        }

        /** Why this certificate cannot stay, or empty if it can. */
        Optional<String> problem(Set<String> wanted, Instant now) {
            Set<String> present = new TreeSet<>();
            try {
                Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
                if (sans != null) {
                    for (List<?> san : sans) {
                        int type = (Integer) san.get(0);
                        if (type == SAN_DNS) {
                            present.add("DNS:" + san.get(1));
                        } else if (type == SAN_IP) {
                            present.add("IP:" + HostNames.ipLiteral((String) san.get(1)).map(InetAddress::getHostAddress)
                                    .orElse((String) san.get(1)));
                        }
                    }
                }
            } catch (CertificateParsingException e) {
                return Optional.of("its names are unreadable (" + e.getMessage() + ")");
            }
            if (!present.containsAll(wanted)) {
                return Optional.of("it names " + present + ", not " + wanted);
            }
            Instant notAfter = certificate.getNotAfter().toInstant();
            if (notAfter.isBefore(now.plus(RENEW_BEFORE))) {
                return Optional.of("it expires " + notAfter);
            }
            if (!keyMatches()) {
                return Optional.of("privkey.pem is not the certificate's key");
            }
            return Optional.empty();
        }

        private boolean keyMatches() {
            String algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> key.getAlgorithm(); // Ed25519, Ed448
            };
            try {
                byte[] probe = "peerlink key check".getBytes(StandardCharsets.US_ASCII);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(probe);
                return verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
