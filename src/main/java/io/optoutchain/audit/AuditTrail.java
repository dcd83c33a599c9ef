package io.optoutchain.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import io.optoutchain.digest.Sha256;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends business events to the hash-chained audit trail, in the transaction of the change they
 * record. Writers queue on a transaction-scoped advisory lock, so the chain never forks. Payloads
 * hold counts, digests and pseudonymous keys only; never free text an operator typed, which could
 * name a patient and could then never be erased from an append-only chain. Such text stays in its
 * own table and the event holds its SHA-256 ({@link #freeTextDigest}), so a later change to it shows.
 */
@Component
public class AuditTrail {

  static final String GENESIS = "0".repeat(64);
  /** The payload field with the SHA-256 of a resolution's reason, in events recorded since it was added. */
  public static final String REASON_SHA256 = "reasonSha256";
  private static final long CHAIN_LOCK = 0x6f70746f7574L;
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
    jdbc.getJdbcTemplate().queryForList("select pg_advisory_xact_lock(?)", CHAIN_LOCK);
    List<Map<String, Object>> head = jdbc.getJdbcTemplate()
        .queryForList("select seq, hash from optout.audit_event order by seq desc limit 1");
    long seq = head.isEmpty() ? 1 : ((Number) head.get(0).get("seq")).longValue() + 1;
    String previousHash = head.isEmpty() ? GENESIS : (String) head.get(0).get("hash");
    String processInstanceId = hospitalId == null || period == null ? null : jdbc.queryForList(
        "select process_instance_id from optout.period_status where hospital_id = :hospital and period = :period",
        Map.of("hospital", hospitalId, "period", period), String.class).stream().filter(java.util.Objects::nonNull)
        .findFirst().orElse(null);
    AuditRecord record = new AuditRecord(seq, clock.instant().truncatedTo(ChronoUnit.MILLIS), actorUser, actorParty,
        eventType, hospitalId, period, processInstanceId, canonical(new TreeMap<>(payload)));
    jdbc.update("""
        insert into optout.audit_event (seq, occurred_at, actor_user, actor_party, event_type, hospital_id, period,
                                        process_instance_id, payload, previous_hash, hash)
        values (:seq, :at, :user, :party, :type, :hospital, :period, :pid, :payload, :previous, :hash)
        """, new MapSqlParameterSource("seq", seq).addValue("at", Timestamp.from(record.occurredAt()))
        .addValue("user", actorUser).addValue("party", actorParty).addValue("type", eventType)
        .addValue("hospital", hospitalId).addValue("period", period).addValue("pid", processInstanceId)
        .addValue("payload", record.payload()).addValue("previous", previousHash)
        .addValue("hash", hash(previousHash, record)));
  }

  /** What an event records of free text an operator typed: its SHA-256, never the text. */
  public static String freeTextDigest(String text) {
    return Sha256.hex(text);
  }

  /** SHA-256 over the previous row's hash, a newline, and the row's canonical JSON. */
  static String hash(String previousHash, AuditRecord record) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("actorParty", record.actorParty());
    content.put("actorUser", record.actorUser());
    content.put("eventType", record.eventType());
    content.put("hospitalId", record.hospitalId());
    content.put("occurredAt", record.occurredAt().toString());
    content.put("payload", record.payload());
    content.put("period", record.period());
    content.put("processInstanceId", record.processInstanceId());
    content.put("seq", record.seq());
    return Sha256.hex(previousHash + "\n" + canonical(content));
  }

  static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit payload must be plain JSON values", e);
    }
  }

  /** One row's content, as hashed. {@code payload} is canonical JSON text. */
  record AuditRecord(long seq, Instant occurredAt, String actorUser, String actorParty, String eventType,
      String hospitalId, String period, String processInstanceId, String payload) {}
}
