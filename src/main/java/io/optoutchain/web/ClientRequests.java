package io.optoutchain.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes API commands idempotent: the first request with a client request id does its work and its
 * answer is stored in the same transaction; a retry with that id gets the stored answer and does
 * nothing. The same id with a different request is refused.
 */
@Component
public class ClientRequests {

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;
  private final Clock clock;

  public ClientRequests(NamedParameterJdbcTemplate jdbc, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  @Transactional(propagation = Propagation.REQUIRED)
  public ResponseEntity<Object> once(String requestId, String actor, String operation, Object request,
      Supplier<ResponseEntity<?>> action) {
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      throw Rejected.invalid("clientRequestId",
          "every command carries a clientRequestId of 1 to 100 letters, digits or . _ : - so that a retry is safe");
    }
    String hash = Sha256.hex(operation + "\n" + write(request));
    var stored = jdbc.query("select actor, operation, payload_hash, response_status, response_body from optout.client_request"
            + " where request_id = :id", Map.of("id", requestId),
        (rs, row) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
    if (!stored.isEmpty()) {
      Stored first = stored.get(0);
      if (!first.actor().equals(actor) || !first.operation().equals(operation) || !first.hash().equals(hash)) {
        throw Rejected.conflict("clientRequestId " + requestId + " was already used for a different request");
      }
      return ResponseEntity.status(first.status()).header("Idempotent-Replay", "true").body(read(first.body()));
    }
    ResponseEntity<?> response = action.get();
    jdbc.update("""
        insert into optout.client_request (request_id, actor, operation, payload_hash, response_status, response_body, created_at)
        values (:id, :actor, :operation, :hash, :status, :body, :at)
        """, new MapSqlParameterSource("id", requestId).addValue("actor", actor).addValue("operation", operation)
        .addValue("hash", hash).addValue("status", response.getStatusCode().value())
        .addValue("body", write(response.getBody())).addValue("at", Timestamp.from(clock.instant())));
    return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).body(response.getBody());
  }

  private record Stored(String actor, String operation, String hash, int status, String body) {}

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  private Object read(String body) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored response is not JSON", e);
    }
  }

}
