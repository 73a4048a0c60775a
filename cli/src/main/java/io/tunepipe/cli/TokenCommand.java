package io.tunepipe.cli;

import io.tunepipe.security.LocalKeys;
import io.tunepipe.security.TokenIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Prints a bearer token signed with the local key (created when missing), or the public key that verifies them. */
@Command(name = "token", description = "Print a token for the REST APIs and the console, signed with the local key.")
public final class TokenCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--role", defaultValue = "viewer",
            description = "viewer (read), operator (also upload, cancel, retry, evaluate) or admin (everything); "
                    + "default: ${DEFAULT-VALUE}.")
    String role;

    @Option(names = "--ttl", defaultValue = "PT12H", description = "How long it is valid (ISO-8601, default: "
            + "${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--subject", defaultValue = "${sys:user.name:-tunepipe-user}",
            description = "Who the token names (default: ${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--public-key", description = "Print the public key instead, as QUARKUS_OIDC_PUBLIC_KEY takes it.")
    boolean publicKey;

    @Override
    public Integer call() throws Exception {
        LocalKeys keys = LocalKeys.createIfMissing(common.home().keyDir());
        try {
            System.out.println(publicKey ? keys.publicKeyBase64()
                    : new TokenIssuer(keys.privateKey()).issue(subject, role, ttl));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
