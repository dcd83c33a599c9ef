package io.optoutchain.escalation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads an escalation and records its handling, in whichever process's table holds it. */
@Repository
public class EscalationRows {

  private final NamedParameterJdbcTemplate jdbc;

  public EscalationRows(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One escalation of a process instance; none when the id belongs to another instance. */
  public Optional<Escalation> find(EscalationTable table, long id, String processInstanceId) {
    return jdbc.query("select * from " + table.qualifiedName() + " where id = :id and process_instance_id = :pid",
        Map.of("id", id, "pid", processInstanceId), (rs, row) -> escalation(rs)).stream().findFirst();
  }

  /** Records how an escalation was handled, once: false when it already was. */
  public boolean markHandled(EscalationTable table, long id, EscalationHandling handling, String note, String by,
      Instant at) {
    return jdbc.update("update " + table.qualifiedName()
        + " set handling = :handling, note = :note, handled_by = :by, handled_at = :at"
        + " where id = :id and handling is null", new MapSqlParameterSource("id", id)
        .addValue("handling", handling.name()).addValue("note", note).addValue("by", by)
        .addValue("at", Timestamp.from(at))) == 1;
  }

  private static Escalation escalation(ResultSet rs) throws SQLException {
    return new Escalation(rs.getLong("id"), rs.getString("escalated_to"), rs.getString("cause"),
        rs.getTimestamp("escalated_at").toInstant(), rs.getString("process_instance_id"),
        rs.getString("handling") == null ? null : EscalationHandling.valueOf(rs.getString("handling")),
        rs.getString("handled_by"), instant(rs.getTimestamp("handled_at")), rs.getString("note"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
