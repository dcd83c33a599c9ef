package io.optoutchain.recall;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class RecallRepository {

  private final NamedParameterJdbcTemplate jdbc;

  public RecallRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The releases provided with this patient's data on or after the day the hospital received the
   * opt-out: the cut-off alone would miss a request that arrived between the cut-off and provision.
   */
  public List<AffectedRelease> releasesContaining(String hospitalId, String patientKey, java.time.LocalDate receivedOn) {
    return jdbc.query("""
        select r.id, r.producer, r.data_user from optout.data_release r
          join optout.release_key k on k.release_id = r.id
         where r.status = 'RELEASED' and k.hospital_id = :hospital and k.patient_key = :key
           and :received <= (coalesce(r.decided_at, r.registered_at) at time zone 'Asia/Tokyo')::date
         order by r.id
        """, Map.of("hospital", hospitalId, "key", patientKey, "received", receivedOn),
        (rs, row) -> new AffectedRelease(rs.getLong(1), rs.getString(2), rs.getString(3)));
  }

  public record AffectedRelease(long releaseId, String producer, String dataUser) {}

  public long open(long ledgerEntryId, String hospitalId, List<AffectedRelease> releases, Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.recall (ledger_entry_id, hospital_id, status, opened_at)
        values (:entry, :hospital, 'OPEN', :at)
        """, new MapSqlParameterSource("entry", ledgerEntryId).addValue("hospital", hospitalId)
        .addValue("at", Timestamp.from(at)), keys, new String[] {"id"});
    long recallId = keys.getKey().longValue();
    for (AffectedRelease release : releases) {
      jdbc.update("""
          insert into optout.recall_target (recall_id, release_id, producer, data_user)
          values (:recall, :release, :producer, :dataUser)
          """, Map.of("recall", recallId, "release", release.releaseId(), "producer", release.producer(),
          "dataUser", release.dataUser()));
    }
    return recallId;
  }

  /** Binds a recall to the process instance that runs it, once. */
  public void attachProcessInstance(long recallId, String processInstanceId) {
    if (jdbc.update("update optout.recall set process_instance_id = :pid where id = :id and process_instance_id is null",
        Map.of("id", recallId, "pid", processInstanceId)) != 1) {
      throw new IllegalStateException("recall " + recallId + " does not exist or already runs in a process instance");
    }
  }

  /** The recall a process instance runs: the only way its steps learn which recall they serve. */
  public OpenRecall recallOfProcessInstance(String processInstanceId) {
    List<OpenRecall> recalls = jdbc.query("select id, hospital_id from optout.recall where process_instance_id = :pid",
        Map.of("pid", processInstanceId), (rs, row) -> new OpenRecall(rs.getLong(1), rs.getString(2)));
    if (recalls.size() != 1) {
      throw new IllegalStateException("process instance " + processInstanceId + " runs no recall");
    }
    return recalls.get(0);
  }

  public record OpenRecall(long id, String hospitalId) {}

  public List<Target> targets(long recallId) {
    return jdbc.query("select id, release_id, producer, data_user from optout.recall_target where recall_id = :id"
            + " order by id", Map.of("id", recallId),
        (rs, row) -> new Target(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
  }

  /** One data user of a recall; refused if the target is not that recall's. */
  public Target target(long recallId, long targetId) {
    List<Target> targets = jdbc.query("select id, release_id, producer, data_user from optout.recall_target"
            + " where id = :id and recall_id = :recall", Map.of("id", targetId, "recall", recallId),
        (rs, row) -> new Target(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
    if (targets.size() != 1) {
      throw new IllegalStateException("target " + targetId + " is not a data user of recall " + recallId);
    }
    return targets.get(0);
  }

  public record Target(long id, long releaseId, String producer, String dataUser) {}

  public void recordStep(long recallId, Long targetId, String step, String by, String note, Instant at) {
    jdbc.update("""
        insert into optout.recall_step (recall_id, target_id, step, done_by, done_at, note)
        values (:recall, :target, :step, :by, :at, :note)
        """, new MapSqlParameterSource("recall", recallId).addValue("target", targetId).addValue("step", step)
        .addValue("by", by).addValue("at", Timestamp.from(at)).addValue("note", note));
  }

  public long recordEscalation(long recallId, Long targetId, String group, String cause, String processInstanceId,
      Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.recall_escalation (recall_id, target_id, escalated_to, cause, escalated_at, process_instance_id)
        values (:recall, :target, :group, :cause, :at, :pid)
        """, new MapSqlParameterSource("recall", recallId).addValue("target", targetId).addValue("group", group)
        .addValue("cause", cause).addValue("at", Timestamp.from(at)).addValue("pid", processInstanceId),
        keys, new String[] {"id"});
    return keys.getKey().longValue();
  }

  /** The data user an escalation is about, when it is about one. */
  public Optional<Target> escalatedTarget(long escalationId) {
    return jdbc.query("""
        select t.id, t.release_id, t.producer, t.data_user from optout.recall_escalation e
          join optout.recall_target t on t.id = e.target_id where e.id = :id
        """, Map.of("id", escalationId),
        (rs, row) -> new Target(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4))).stream().findFirst();
  }

  public List<Map<String, Object>> escalations(long recallId) {
    return jdbc.queryForList("""
        select id, target_id, escalated_to, cause, escalated_at, handling, handled_by, handled_at, note
          from optout.recall_escalation where recall_id = :id order by id""", Map.of("id", recallId));
  }

  public void close(long recallId, Instant at) {
    if (jdbc.update("update optout.recall set status = 'CLOSED', closed_at = :at where id = :id and status = 'OPEN'",
        Map.of("id", recallId, "at", Timestamp.from(at))) != 1) {
      throw new IllegalStateException("recall " + recallId + " is not open");
    }
  }

  public List<Map<String, Object>> steps(long recallId) {
    return jdbc.queryForList("select step, target_id, done_by, note from optout.recall_step where recall_id = :id"
        + " order by id", Map.of("id", recallId));
  }

  public Instant openedAt(long recallId) {
    return jdbc.queryForObject("select opened_at from optout.recall where id = :id", Map.of("id", recallId),
        Timestamp.class).toInstant();
  }

  public String status(long recallId) {
    return jdbc.queryForObject("select status from optout.recall where id = :id", Map.of("id", recallId), String.class);
  }
}
