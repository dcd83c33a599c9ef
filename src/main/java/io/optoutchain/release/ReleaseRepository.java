package io.optoutchain.release;

import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Releases and their keys. Keys stream in through PostgreSQL's COPY, never through memory whole. */
@Repository
public class ReleaseRepository {

  private static final int COPY_BUFFER = 1 << 20;

  private final NamedParameterJdbcTemplate jdbc;
  private final DataSource dataSource;

  public ReleaseRepository(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
  }

  public long insert(NewRelease release, String registeredBy, Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.data_release (producer, data_user, cutoff, hospitals, key_count, status, registered_by,
                                         registered_at)
        values (:producer, :dataUser, :cutoff, :hospitals, 0, 'CHECKING', :by, :at)
        """, new MapSqlParameterSource("producer", release.producer()).addValue("dataUser", release.dataUser())
        .addValue("cutoff", release.cutoff())
        .addValue("hospitals", new SqlArrayValue("varchar", release.hospitals().toArray()))
        .addValue("by", registeredBy).addValue("at", Timestamp.from(at)), keys, new String[] {"id"});
    return keys.getKey().longValue();
  }

  /**
   * Streams {@code hospitalId,patientKey} lines into the release, checking each; returns how many.
   * Must run inside the transaction that inserted the release, so a refusal leaves nothing behind.
   * Lines, the upload and the key count are bounded: a refusal comes at once, the COPY is cancelled
   * and the connection goes back with the transaction's rollback.
   */
  public long copyKeys(long releaseId, Set<String> hospitals, InputStream upload, long maxBytes, long maxKeys) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("copy optout.release_key (release_id, hospital_id, patient_key) from stdin with (format csv)");
      long count = 0;
      try {
        KeyLines lines = new KeyLines(upload, maxBytes);
        StringBuilder chunk = new StringBuilder(COPY_BUFFER);
        String line;
        while ((line = lines.next()) != null) {
          if (line.isBlank()) {
            continue;
          }
          if (count == maxKeys) {
            throw Rejected.invalid("keys", "リリースに含められるキーは最大 " + maxKeys + " 件です",
                "a release holds at most " + maxKeys + " keys");
          }
          chunk.append(releaseId).append(',').append(checked(line, lines.lineNumber(), hospitals)).append('\n');
          count++;
          if (chunk.length() >= COPY_BUFFER - 2 * KeyLines.MAX_LINE) {
            write(copy, chunk);
          }
        }
        write(copy, chunk);
        copy.endCopy();
      } catch (RuntimeException | IOException e) {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
        throw e;
      }
      return count;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        throw Rejected.invalid("keys", "アップロードに同じ病院の同じ患者が2回含まれています",
            "the upload names the same patient of a hospital twice");
      }
      throw new IllegalStateException("could not store the release's keys", e);
    } catch (IOException e) {
      throw Rejected.invalid("keys", "アップロードを読み取れませんでした", "the upload could not be read: " + Rejected.shown(e.getMessage()));
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  private static String checked(String line, long lineNumber, Set<String> hospitals) {
    int comma = line.indexOf(',');
    if (comma < 0) {
      throw Rejected.invalid("keys", lineNumber + " 行目: hospitalId,patientKey の形で記入してください",
          "line " + lineNumber + ": expected hospitalId,patientKey");
    }
    String hospital = line.substring(0, comma).trim();
    String key = line.substring(comma + 1).trim();
    if (!hospitals.contains(hospital)) {
      throw Rejected.invalid("keys", lineNumber + " 行目: 病院 '" + Rejected.shown(hospital) + "' はこのリリースの病院 "
          + hospitals + " に含まれていません", "line " + lineNumber + ": hospital '" + Rejected.shown(hospital)
          + "' is not among the release's hospitals " + hospitals);
    }
    try {
      new PatientKey(key);
    } catch (Rejected malformed) {
      throw Rejected.invalid("keys", lineNumber + " 行目: " + malformed.japanese(),
          "line " + lineNumber + ": " + malformed.english());
    }
    return hospital + ',' + key;
  }

  private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
    if (chunk.length() > 0) {
      byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      chunk.setLength(0);
    }
  }

  public void setKeyCount(long releaseId, long keyCount) {
    guarded(jdbc.update("update optout.data_release set key_count = :count where id = :id and status = 'CHECKING'",
        Map.of("id", releaseId, "count", keyCount)), releaseId, "CHECKING");
  }

  /**
   * Binds the release to the process instance that carries it, once: from then on the process's
   * steps find the release by their process instance, never by a variable.
   */
  public void bindProcessInstance(long releaseId, String processInstanceId) {
    guarded(jdbc.update("""
        update optout.data_release set process_instance_id = :pid
         where id = :id and process_instance_id is null and status = 'CHECKING'
        """, Map.of("id", releaseId, "pid", processInstanceId)), releaseId, "CHECKING and not yet bound to a process");
  }

  /** The release a process instance carries. */
  public Optional<Long> releaseOf(String processInstanceId) {
    return jdbc.queryForList("select id from optout.data_release where process_instance_id = :pid",
        Map.of("pid", processInstanceId), Long.class).stream().findFirst();
  }

  public Optional<String> processInstanceOf(long releaseId) {
    return jdbc.queryForList("select process_instance_id from optout.data_release where id = :id",
        Map.of("id", releaseId), String.class).stream().filter(java.util.Objects::nonNull).findFirst();
  }

  /** Locks the release's row until the transaction ends; returns its status. */
  public String lock(long releaseId) {
    return jdbc.queryForList("select status from optout.data_release where id = :id for update",
        Map.of("id", releaseId), String.class).stream().findFirst()
        .orElseThrow(() -> Rejected.notFound("リリース " + releaseId + " はありません", "no release " + releaseId));
  }

  /**
   * Blocks every release awaiting approval that holds this patient, in one guarded statement
   * (a release being recorded holds its row lock; this waits for it and then sees it RELEASED).
   */
  public List<Blocked> blockAwaitingApprovalContaining(String hospitalId, String patientKey, String detail) {
    return jdbc.query("""
        update optout.data_release r set status = 'BLOCKED_BY_OPT_OUTS', blocked_detail = :detail
         where r.status = 'AWAITING_APPROVAL' and r.decided_at is null
           and exists (select 1 from optout.release_key k
                        where k.release_id = r.id and k.hospital_id = :hospital and k.patient_key = :key)
        returning r.id, r.process_instance_id
        """, new MapSqlParameterSource("hospital", hospitalId).addValue("key", patientKey).addValue("detail", detail),
        (rs, row) -> new Blocked(rs.getLong(1), rs.getString(2)));
  }

  public record Blocked(long releaseId, String processInstanceId) {}

  public long recordEscalation(long releaseId, String group, String cause, String processInstanceId, Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.release_escalation (release_id, escalated_to, cause, escalated_at, process_instance_id)
        values (:id, :group, :cause, :at, :pid)
        """, new MapSqlParameterSource("id", releaseId).addValue("group", group).addValue("cause", cause)
        .addValue("at", Timestamp.from(at)).addValue("pid", processInstanceId), keys, new String[] {"id"});
    return keys.getKey().longValue();
  }

  /** Released keys that the ledger says opted out on or before a date, counted per hospital. */
  public Map<String, Long> optedOutKeysPerHospital(long releaseId, LocalDate onOrBefore) {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.query("""
        select k.hospital_id, count(*) from optout.release_key k
         where k.release_id = :id
           and exists (select 1 from optout.ledger_entry e
                        where e.hospital_id = k.hospital_id and e.patient_key = k.patient_key
                          and e.received_on <= :date
                          and not exists (select 1 from optout.ledger_entry c where c.corrects_entry_id = e.id))
         group by k.hospital_id order by k.hospital_id
        """, Map.of("id", releaseId, "date", onOrBefore), rs -> {
          counts.put(rs.getString(1), rs.getLong(2));
        });
    return counts;
  }

  /** SHA-256 over the release's keys in order: one line {@code hospitalId,patientKey} each. */
  public String digest(long releaseId) {
    Sha256 sha256 = Sha256.start();
    jdbc.getJdbcTemplate().setFetchSize(10_000);
    jdbc.query("select hospital_id, patient_key from optout.release_key where release_id = :id"
        + " order by hospital_id, patient_key", Map.of("id", releaseId), rs -> {
          sha256.add(rs.getString(1) + ',' + rs.getString(2) + '\n');
        });
    return sha256.hex();
  }

  /** Moves the release from the status it must be in to another; refuses if it is not in it. */
  public void transition(long releaseId, String from, String to, String detail) {
    guarded(jdbc.update("""
        update optout.data_release set status = :to, blocked_detail = :detail where id = :id and status = :from
        """, new MapSqlParameterSource("id", releaseId).addValue("from", from).addValue("to", to)
        .addValue("detail", detail)), releaseId, from);
  }

  /** The compliance officer's decision, taken once, on a release awaiting approval. */
  public void recordDecision(long releaseId, boolean approved, String by, String reason, Instant at) {
    guarded(jdbc.update("""
        update optout.data_release set status = case when :approved then status else 'REJECTED' end,
                                       decided_by = :by, decided_at = :at, decision_reason = :reason
         where id = :id and status = 'AWAITING_APPROVAL' and decided_at is null
        """, new MapSqlParameterSource("id", releaseId).addValue("approved", approved)
        .addValue("by", by).addValue("at", Timestamp.from(at)).addValue("reason", reason)), releaseId,
        "AWAITING_APPROVAL and undecided");
  }

  /** Only an approved release awaiting approval becomes RELEASED. */
  public void markReleased(long releaseId, String digest) {
    guarded(jdbc.update("""
        update optout.data_release set status = 'RELEASED', digest = :digest
         where id = :id and status = 'AWAITING_APPROVAL' and decided_at is not null
        """, Map.of("id", releaseId, "digest", digest)), releaseId, "AWAITING_APPROVAL and approved");
  }

  private static void guarded(int updated, long releaseId, String expected) {
    if (updated != 1) {
      throw Rejected.conflict("リリース " + releaseId + " は " + expected + " ではありません。何も変更していません",
          "release " + releaseId + " is not " + expected + "; nothing was changed");
    }
  }

  public Optional<ReleaseView> find(long releaseId) {
    return jdbc.query("select * from optout.data_release where id = :id", Map.of("id", releaseId),
        (rs, row) -> new ReleaseView(rs.getLong("id"), rs.getString("producer"), rs.getString("data_user"),
            rs.getObject("cutoff", LocalDate.class), java.util.List.of((String[]) rs.getArray("hospitals").getArray()),
            rs.getLong("key_count"), rs.getString("status"), rs.getString("blocked_detail"), rs.getString("digest"),
            rs.getString("registered_by"), rs.getString("decided_by"), rs.getString("decision_reason")))
        .stream().findFirst();
  }

  public record ReleaseView(long id, String producer, String dataUser, LocalDate cutoff, java.util.List<String> hospitals,
      long keyCount, String status, String blockedDetail, String digest, String registeredBy, String decidedBy,
      String decisionReason) {}
}
