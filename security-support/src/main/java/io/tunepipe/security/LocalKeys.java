package io.tunepipe.security;

import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/**
 * The local signing key pair ({@code private-key.pem}, {@code public-key.pem} in one folder) that issues tokens when
 * no OIDC issuer is configured; the services verify them with the public key.
 */
public record LocalKeys(PrivateKey privateKey, PublicKey publicKey) {

    private static final String PRIVATE = "private-key.pem";
    private static final String PUBLIC = "public-key.pem";

    /** The key pair in {@code dir}, created there (the private key readable by its owner only) when missing. */
    public static LocalKeys createIfMissing(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(PRIVATE))) {
            KeyPair pair;
            try {
                pair = KeyUtils.generateKeyPair(2048);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate an RSA key pair", e);
            }
            Files.createDirectories(dir);
            Path key = Files.createFile(dir.resolve(PRIVATE + ".tmp"));
            if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(dir.resolve(PUBLIC), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.move(key, dir.resolve(PRIVATE));
        }
        return read(dir);
    }

    /** The key pair in {@code dir}; fails with a message naming the folder when there is none. */
    public static LocalKeys read(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(PRIVATE))) {
            throw new IOException("no local signing key in " + dir + ": run tunepipe up (or tunepipe token) once");
        }
        try {
            return new LocalKeys(KeyUtils.decodePrivateKey(Files.readString(dir.resolve(PRIVATE))),
                    KeyUtils.decodePublicKey(Files.readString(dir.resolve(PUBLIC))));
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable key in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The public key as {@code quarkus.oidc.public-key} takes it: base64 of its X.509 encoding. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
