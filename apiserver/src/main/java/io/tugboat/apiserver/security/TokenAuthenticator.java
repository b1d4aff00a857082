package io.tugboat.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token authentication against the tokens kept in the data directory: the admin token (written into
 * the kubeconfig) and the node token agents join with. Tokens are made at first start and kept.
 * Comparison is constant-time so that a token cannot be guessed byte by byte.
 */
public final class TokenAuthenticator {

    private record Credential(byte[] token, UserInfo user) {
    }

    private final List<Credential> credentials;

    private TokenAuthenticator(Map<String, UserInfo> users) {
        this.credentials = users.entrySet().stream()
                .map(e -> new Credential(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue()))
                .toList();
    }

    public static TokenAuthenticator loadOrCreate(Path adminTokenFile, Path nodeTokenFile) {
        String admin = loadOrCreateToken(adminTokenFile);
        String node = loadOrCreateToken(nodeTokenFile);
        return new TokenAuthenticator(Map.of(
                admin, new UserInfo("system:admin", List.of("system:masters", "system:authenticated")),
                node, new UserInfo("system:node:bootstrap", List.of("system:nodes", "system:authenticated"))));
    }

    public Optional<UserInfo> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        UserInfo found = null;
        for (Credential c : credentials) {
            if (MessageDigest.isEqual(presented, c.token())) {
                found = c.user();
            }
        }
        return Optional.ofNullable(found);
    }

    public static String loadOrCreateToken(Path file) {
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, token + "\n");
            Pki.restrict(tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write token file " + file, e);
        }
    }
}
