package io.tunepipe.augment.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.augment.paraphrase.llm.ParaphraseCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The LLM paraphrase cache in PostgreSQL, keyed by a SHA-256 of model, prompt version and question. */
@ApplicationScoped
public class ParaphraseCacheRepository implements ParaphraseCache {

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;

    @Override
    public Optional<List<String>> get(String question, String model, String promptVersion) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT candidates FROM paraphrase_cache WHERE cache_key = ?")) {
            ps.setString(1, key(question, model, promptVersion));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(json.readValue(rs.getString(1), new TypeReference<List<String>>() { }))
                        : Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the paraphrase cache: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String question, String model, String promptVersion, List<String> candidates) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO paraphrase_cache (cache_key, model, prompt_version,"
                     + " question, candidates) VALUES (?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO NOTHING")) {
            ps.setString(1, key(question, model, promptVersion));
            ps.setString(2, model);
            ps.setString(3, promptVersion);
            ps.setString(4, question);
            ps.setString(5, json.writeValueAsString(candidates));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot write the paraphrase cache: " + e.getMessage(), e);
        }
    }

    static String key(String question, String model, String promptVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((model + '\u0000' + promptVersion + '\u0000' + question)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
