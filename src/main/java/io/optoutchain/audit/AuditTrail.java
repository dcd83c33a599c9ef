package io.optoutchain.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import io.optoutchain.digest.Sha256;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends business events to the audit trail, in the transaction of the change they record. An event
 * is written unsealed: its content, an id from a sequence and the SHA-256 of both ({@link #contentDigest});
 * no lock is taken, so writers never wait for each other. {@link AuditSealer} later gives it its place
 * in the hash chain. Payloads hold counts, digests and pseudonymous keys only; never free text an
 * operator typed, which could name a patient and could then never be erased from an append-only
 * chain. Such text stays in its own table and the event holds its SHA-256 ({@link #freeTextDigest}),
 * so a later change to it shows.
 */
@Component
public class AuditTrail {

  static final String GENESIS = "0".repeat(64);
  /** The payload field with the SHA-256 of a resolution's reason, in events recorded since it was added. */
  public static final String REASON_SHA256 = "reasonSha256";
  static final ObjectMapper CANONICAL = JsonMapper.builder()
      .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .build();

  private final NamedParameterJdbcTemplate jdbc;
  private final CurrentActor currentActor;
  private final Clock clock;

  public AuditTrail(NamedParameterJdbcTemplate jdbc, CurrentActor currentActor, Clock clock) {
    this.jdbc = jdbc;
    this.currentActor = currentActor;
    this.clock = clock;
  }

  /** Records an event about a hospital's period (either may be null), by whoever is acting now. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(String eventType, String hospitalId, String period, Map<String, ?> payload) {
    Actor actor = currentActor.current().orElse(null);
    append(eventType, actor == null ? "system" : actor.userId(), actor == null ? null : actor.partyId(), hospitalId,
        period, payload);
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void append(String eventType, String actorUser, String actorParty, String hospitalId, String period,
      Map<String, ?> payload) {
    // Drawn before the insert and so before this transaction commits: an event written after it
    // commits draws a greater id, which is what keeps the chain in causal order (AuditSealer).
    long id = jdbc.getJdbcTemplate().queryForObject("select nextval('optout.audit_event_id_seq')", Long.class);
    String processInstanceId = hospitalId == null || period == null ? null : jdbc.queryForList(
        "select process_instance_id from optout.period_status where hospital_id = :hospital and period = :period",
        Map.of("hospital", hospitalId, "period", period), String.class).stream().filter(java.util.Objects::nonNull)
        .findFirst().orElse(null);
    AuditRecord record = new AuditRecord(id, clock.instant().truncatedTo(ChronoUnit.MILLIS), actorUser, actorParty,
        eventType, hospitalId, period, processInstanceId, canonical(new TreeMap<>(payload)), null);
    jdbc.update("""
        insert into optout.audit_event (id, occurred_at, actor_user, actor_party, event_type, hospital_id, period,
                                        process_instance_id, payload, content_sha256)
        values (:id, :at, :user, :party, :type, :hospital, :period, :pid, :payload, :digest)
        """, new MapSqlParameterSource("id", id).addValue("at", Timestamp.from(record.occurredAt()))
        .addValue("user", actorUser).addValue("party", actorParty).addValue("type", eventType)
        .addValue("hospital", hospitalId).addValue("period", period).addValue("pid", processInstanceId)
        .addValue("payload", record.payload()).addValue("digest", contentDigest(record)));
  }

  /** What an event records of free text an operator typed: its SHA-256, never the text. */
  public static String freeTextDigest(String text) {
    return Sha256.hex(text);
  }

  /**
   * The chain's hash of the event at place {@code seq}: SHA-256 over the previous place's hash, a
   * newline, and the event's canonical JSON with its place (as every row was hashed before V16).
   */
  static String hash(String previousHash, long seq, AuditRecord record) {
    Map<String, Object> content = content(record);
    content.put("seq", seq);
    return Sha256.hex(previousHash + "\n" + canonical(content));
  }

  /** What guards an unsealed event: SHA-256 over its canonical JSON with its id. */
  static String contentDigest(AuditRecord record) {
    Map<String, Object> content = content(record);
    content.put("id", record.id());
    return Sha256.hex(canonical(content));
  }

  private static Map<String, Object> content(AuditRecord record) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("actorParty", record.actorParty());
    content.put("actorUser", record.actorUser());
    content.put("eventType", record.eventType());
    content.put("hospitalId", record.hospitalId());
    content.put("occurredAt", record.occurredAt().toString());
    content.put("payload", record.payload());
    content.put("period", record.period());
    content.put("processInstanceId", record.processInstanceId());
    return content;
  }

  static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit payload must be plain JSON values", e);
    }
  }

  /**
   * One event's content, as hashed ({@code payload} is canonical JSON text), and the digest it was
   * written with ({@code contentSha256}, hashed by nothing; null on events sealed before V16).
   */
  record AuditRecord(long id, Instant occurredAt, String actorUser, String actorParty, String eventType,
      String hospitalId, String period, String processInstanceId, String payload, String contentSha256) {

    /** The event of an {@code optout.audit_event} row. */
    static AuditRecord of(ResultSet rs) throws SQLException {
      return new AuditRecord(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_user"),
          rs.getString("actor_party"), rs.getString("event_type"), rs.getString("hospital_id"),
          rs.getString("period"), rs.getString("process_instance_id"), rs.getString("payload"),
          rs.getString("content_sha256"));
    }

    /** Whether the content still has the digest it was written with. */
    boolean matchesItsDigest() {
      return contentDigest(this).equals(contentSha256);
    }
  }
}
