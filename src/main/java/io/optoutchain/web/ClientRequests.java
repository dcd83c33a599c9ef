package io.optoutchain.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.function.Function;
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

  private static final String REPLAY = "Idempotent-Replay";
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
    checkId(requestId);
    String hash = Sha256.hex(operation + "\n" + write(request));
    var first = stored(requestId);
    if (first.isPresent()) {
      return replay(requestId, first.get(), actor, operation, hash);
    }
    return store(requestId, actor, operation, hash, action.get());
  }

  /**
   * As {@link #once}, for a command whose body is an upload the action streams: the digest of the
   * upload's bytes is part of what a retry must repeat, so the same id with other keys is refused.
   * A retry's upload is read (within {@code maxBytes}) only to be digested.
   */
  @Transactional(propagation = Propagation.REQUIRED)
  public ResponseEntity<Object> onceWithUpload(String requestId, String actor, String operation, Object request,
      InputStream upload, long maxBytes, Function<InputStream, ResponseEntity<?>> action) {
    checkId(requestId);
    DigestingStream digesting = new DigestingStream(upload);
    var first = stored(requestId);
    try {
      if (first.isPresent()) {
        digesting.drain(maxBytes);
        return replay(requestId, first.get(), actor, operation, uploadHash(operation, request, digesting));
      }
      ResponseEntity<?> response = action.apply(digesting);
      digesting.drain(maxBytes);
      return store(requestId, actor, operation, uploadHash(operation, request, digesting), response);
    } catch (IOException e) {
      throw Rejected.invalid("keys", "アップロードを読み取れませんでした", "the upload could not be read: " + Rejected.shown(e.getMessage()));
    }
  }

  private String uploadHash(String operation, Object request, DigestingStream upload) {
    return Sha256.hex(operation + "\n" + write(request) + "\n" + upload.hex());
  }

  private static void checkId(String requestId) {
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      throw Rejected.invalid("clientRequestId",
          "再試行を安全にするため、すべてのコマンドに clientRequestId（英数字と . _ : - で1～100文字）を付けてください",
          "every command carries a clientRequestId of 1 to 100 letters, digits or . _ : - so that a retry is safe");
    }
  }

  private java.util.Optional<Stored> stored(String requestId) {
    return jdbc.query("select actor, operation, payload_hash, response_status, response_body from optout.client_request"
            + " where request_id = :id", Map.of("id", requestId),
        (rs, row) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)))
        .stream().findFirst();
  }

  /** Whether an answer is the stored one of an earlier request with the same id. */
  public static boolean isReplay(ResponseEntity<?> answer) {
    return "true".equals(answer.getHeaders().getFirst(REPLAY));
  }

  private ResponseEntity<Object> replay(String requestId, Stored first, String actor, String operation, String hash) {
    if (!first.actor().equals(actor) || !first.operation().equals(operation) || !first.hash().equals(hash)) {
      throw Rejected.conflict("clientRequestId " + requestId + " はすでに別の要求に使われています",
          "clientRequestId " + requestId + " was already used for a different request");
    }
    return ResponseEntity.status(first.status()).header(REPLAY, "true").body(read(first.body()));
  }

  private ResponseEntity<Object> store(String requestId, String actor, String operation, String hash,
      ResponseEntity<?> response) {
    jdbc.update("""
        insert into optout.client_request (request_id, actor, operation, payload_hash, response_status, response_body, created_at)
        values (:id, :actor, :operation, :hash, :status, :body, :at)
        """, new MapSqlParameterSource("id", requestId).addValue("actor", actor).addValue("operation", operation)
        .addValue("hash", hash).addValue("status", response.getStatusCode().value())
        .addValue("body", write(response.getBody())).addValue("at", Timestamp.from(clock.instant())));
    return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).body(response.getBody());
  }

  /**
   * Deletes the records created before {@code cutoff}, {@code chunk} rows per statement (operations/Retention);
   * returns how many. A retry of one of them is then a new request.
   */
  public int forgetCreatedBefore(java.time.Instant cutoff, int chunk) {
    int deleted = 0;
    int last;
    do {
      last = jdbc.update("""
          delete from optout.client_request where request_id in
            (select request_id from optout.client_request where created_at < :cutoff limit :chunk)
          """, Map.of("cutoff", Timestamp.from(cutoff), "chunk", chunk));
      deleted += last;
    } while (last == chunk);
    return deleted;
  }

  /** The upload as the action reads it, digested byte by byte on the way. */
  private static final class DigestingStream extends FilterInputStream {

    private final MessageDigest digest;
    private long count;

    DigestingStream(InputStream in) {
      super(in);
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        digest.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      int n = super.read(bytes, offset, length);
      if (n > 0) {
        digest.update(bytes, offset, n);
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return Math.max(0, read(new byte[(int) Math.max(0, Math.min(n, 8192))]));
    }

    /** Reads what the action left unread, so the digest covers the whole upload. */
    void drain(long maxBytes) throws IOException {
      byte[] buffer = new byte[1 << 16];
      while (read(buffer, 0, buffer.length) >= 0) {
        if (count > maxBytes) {
          throw Rejected.invalid("keys", "アップロードが " + maxBytes + " バイトを超えています", "the upload is larger than " + maxBytes + " bytes");
        }
      }
    }

    String hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
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
