package io.tunepipe.rest;

import com.fasterxml.jackson.core.JsonParseException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProblemMapper}'s RFC 9457 problems: a generic 500 that tells no secret, thrown problems and standard
 * exceptions keeping their status, and unreadable JSON or a value the database refuses as a 400 saying why.
 */
class ProblemMapperTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void anUnexpectedFailureIsAGenericFiveHundredThatTellsNoSecret() {
        Response answer = mapper.unexpected(new IllegalStateException("password=hunter2 at db:5432"), null);
        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat(answer.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Problem problem = (Problem) answer.getEntity();
        assertThat(problem.title()).isEqualTo("Internal Server Error");
        assertThat(problem.detail()).doesNotContain("hunter2").contains("logged");
    }

    @Test
    void aThrownProblemKeepsItsStatusTitleAndDetail() {
        Problem problem = (Problem) mapper.problem(new ProblemException(409, "already running"), null).getEntity();
        assertThat(problem).isEqualTo(new Problem("about:blank", "Conflict", 409, "already running", null));
    }

    @Test
    void aStandardExceptionKeepsItsStatusAndHeaders() {
        Response answer = mapper.web(new NotAllowedException("GET", new String[] {"POST"}), null);
        assertThat(answer.getStatus()).isEqualTo(405);
        assertThat(answer.getHeaderString("Allow")).contains("GET");
        assertThat(((Problem) answer.getEntity()).title()).isEqualTo("Method Not Allowed");
    }

    @Test
    void unreadableJsonIsABadRequestSayingWhy() {
        Problem problem = (Problem) mapper.unreadable(new JsonParseException(null, "Unexpected character ']'"), null)
                .getEntity();
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isEqualTo("the request body is not valid: Unexpected character ']'");
    }

    @Test
    void aValueTheDatabaseRefusesIsABadRequestNotAFailure() {
        Exception refused = new IllegalStateException("could not execute query", new SQLException(
                "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n  Where: unnamed portal parameter $1",
                "22021"));
        Response answer = mapper.unexpected(refused, null);
        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(((Problem) answer.getEntity()).detail()).isEqualTo(
                "a value of the request cannot be stored: ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(mapper.unexpected(new IllegalStateException(new SQLException("connection refused", "08001")), null)
                .getStatus()).isEqualTo(500);
    }
}
