package io.optoutchain.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the audit trail: filtered, paged, or streamed whole for export; sealed or not, every event is
 * there once its transaction commits. Events come in the order they were written ({@code id}).
 */
@Repository
@Transactional(readOnly = true)
public class AuditEvents {

  private final NamedParameterJdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate streaming;

  public AuditEvents(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
    // Its own template: setting the fetch size on the shared one changed every later query of the application.
    JdbcTemplate inBatches = new JdbcTemplate(jdbc.getJdbcTemplate().getDataSource());
    inBatches.setFetchSize(5_000);
    this.streaming = new NamedParameterJdbcTemplate(inBatches);
  }

  public record Filter(String party, String hospitalId, String period, String eventType, Instant from, Instant to) {}

  /**
   * One event. {@code seq}, {@code previousHash} and {@code hash} are its place in the chain, null
   * (left out of the JSON) until the sealer has sealed it, usually within a second or two. {@code id}
   * is the order it was written in; the chain follows it, save for events written at the same time by
   * transactions that overlapped, which it may place either way.
   */
  public record Event(Long seq, Instant occurredAt, String actorUser, String actorParty, String eventType,
      String hospitalId, String period, String processInstanceId, String payload, String previousHash, String hash,
      long id) {}

  /** Each event with its place in the chain, where it has one. */
  private static final String EVENTS = "select e.*, c.seq, c.previous_hash, c.hash from optout.audit_event e"
      + " left join optout.audit_chain c on c.event_id = e.id";

  public List<Event> page(Filter filter, int page, int size) {
    var params = params(filter).addValue("limit", size).addValue("offset", (long) page * size);
    return jdbc.query(EVENTS + where(filter) + " order by e.id limit :limit offset :offset", params,
        AuditEvents::event);
  }

  public void stream(Filter filter, Consumer<Event> sink) {
    streaming.query(EVENTS + where(filter) + " order by e.id", params(filter),
        rs -> {
          sink.accept(event(rs, 0));
        });
  }

  private static String where(Filter filter) {
    List<String> conditions = new ArrayList<>();
    if (filter.party() != null) {
      conditions.add("actor_party = :party");
    }
    if (filter.hospitalId() != null) {
      conditions.add("hospital_id = :hospital");
    }
    if (filter.period() != null) {
      conditions.add("period = :period");
    }
    if (filter.eventType() != null) {
      conditions.add("event_type = :type");
    }
    if (filter.from() != null) {
      conditions.add("occurred_at >= :from");
    }
    if (filter.to() != null) {
      conditions.add("occurred_at < :to");
    }
    return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
  }

  private static MapSqlParameterSource params(Filter filter) {
    return new MapSqlParameterSource("party", filter.party()).addValue("hospital", filter.hospitalId())
        .addValue("period", filter.period()).addValue("type", filter.eventType())
        .addValue("from", filter.from() == null ? null : Timestamp.from(filter.from()))
        .addValue("to", filter.to() == null ? null : Timestamp.from(filter.to()));
  }

  private static Event event(ResultSet rs, int row) throws SQLException {
    return new Event(rs.getObject("seq", Long.class), rs.getTimestamp("occurred_at").toInstant(),
        rs.getString("actor_user"), rs.getString("actor_party"), rs.getString("event_type"), rs.getString("hospital_id"),
        rs.getString("period"), rs.getString("process_instance_id"), rs.getString("payload"),
        rs.getString("previous_hash"), rs.getString("hash"), rs.getLong("id"));
  }
}
