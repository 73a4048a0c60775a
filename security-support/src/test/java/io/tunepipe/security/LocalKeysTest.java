package io.tunepipe.security;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local key pair is made once and kept private; its tokens verify with its public key only. */
class LocalKeysTest {

    @TempDir
    Path dir;

    @Test
    void theKeyPairIsCreatedOnceWithAPrivateKeyOnlyItsOwnerReads() throws Exception {
        LocalKeys first = LocalKeys.createIfMissing(dir.resolve("auth"));
        LocalKeys again = LocalKeys.createIfMissing(dir.resolve("auth"));
        assertThat(again.privateKey()).isEqualTo(first.privateKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("auth/private-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("auth/public-key.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(first.publicKeyBase64()).doesNotContain("-----", "\n").startsWith("MII");
    }

    @Test
    void aTokenCarriesItsRoleAndIssuerAndVerifiesOnlyWithItsOwnKey() throws Exception {
        LocalKeys keys = LocalKeys.createIfMissing(dir.resolve("a"));
        String token = new TokenIssuer(keys.privateKey()).issue("alice", Roles.OPERATOR, Duration.ofMinutes(5));

        JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(keys.publicKey())
                .setExpectedIssuer(TokenIssuer.ISSUER).setRequireExpirationTime().build().processToClaims(token);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("operator");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);

        LocalKeys other = LocalKeys.createIfMissing(dir.resolve("b"));
        assertThatThrownBy(() -> new JwtConsumerBuilder().setVerificationKey(other.publicKey()).build()
                .processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void anUnknownRoleOrAMissingKeyIsRefusedWithAMessage() {
        assertThatThrownBy(() -> new TokenIssuer(LocalKeys.createIfMissing(dir).privateKey())
                .issue("bob", "root", Duration.ofMinutes(5))).hasMessageContaining("viewer, operator or admin");
        assertThatThrownBy(() -> LocalKeys.read(dir.resolve("none"))).hasMessageContaining("run tunepipe up");
    }
}
