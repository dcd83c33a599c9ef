package io.optoutchain.release;

import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
   */
  public long copyKeys(long releaseId, Set<String> hospitals, InputStream upload) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("copy optout.release_key (release_id, hospital_id, patient_key) from stdin with (format csv)");
      long count = 0;
      try (var lines = new BufferedReader(new InputStreamReader(upload, StandardCharsets.UTF_8), COPY_BUFFER)) {
        StringBuilder chunk = new StringBuilder(COPY_BUFFER);
        String line;
        long lineNumber = 0;
        while ((line = lines.readLine()) != null) {
          lineNumber++;
          if (line.isBlank()) {
            continue;
          }
          chunk.append(releaseId).append(',').append(checked(line, lineNumber, hospitals)).append('\n');
          count++;
          if (chunk.length() >= COPY_BUFFER - 200) {
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
        throw Rejected.invalid("keys", "the upload names the same patient of a hospital twice");
      }
      throw new IllegalStateException("could not store the release's keys", e);
    } catch (IOException e) {
      throw Rejected.invalid("keys", "the upload could not be read: " + e.getMessage());
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  private static String checked(String line, long lineNumber, Set<String> hospitals) {
    int comma = line.indexOf(',');
    if (comma < 0) {
      throw Rejected.invalid("keys", "line " + lineNumber + ": expected hospitalId,patientKey");
    }
    String hospital = line.substring(0, comma).trim();
    String key = line.substring(comma + 1).trim();
    if (!hospitals.contains(hospital)) {
      throw Rejected.invalid("keys", "line " + lineNumber + ": hospital '" + hospital
          + "' is not among the release's hospitals " + hospitals);
    }
    try {
      new PatientKey(key);
    } catch (Rejected malformed) {
      throw Rejected.invalid("keys", "line " + lineNumber + ": " + malformed.getMessage());
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
    jdbc.update("update optout.data_release set key_count = :count where id = :id",
        Map.of("id", releaseId, "count", keyCount));
  }

  public void attachProcessInstance(long releaseId, String processInstanceId) {
    jdbc.update("update optout.data_release set process_instance_id = :pid where id = :id",
        Map.of("id", releaseId, "pid", processInstanceId));
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

  public void setStatus(long releaseId, String status, String detail) {
    jdbc.update("update optout.data_release set status = :status, blocked_detail = :detail where id = :id",
        new MapSqlParameterSource("id", releaseId).addValue("status", status).addValue("detail", detail));
  }

  public void recordDecision(long releaseId, boolean approved, String by, String reason, Instant at) {
    jdbc.update("""
        update optout.data_release set status = case when :approved then status else 'REJECTED' end,
                                       decided_by = :by, decided_at = :at, decision_reason = :reason
         where id = :id
        """, new MapSqlParameterSource("id", releaseId).addValue("approved", approved)
        .addValue("by", by).addValue("at", Timestamp.from(at)).addValue("reason", reason));
  }

  public void markReleased(long releaseId, String digest) {
    jdbc.update("update optout.data_release set status = 'RELEASED', digest = :digest where id = :id",
        Map.of("id", releaseId, "digest", digest));
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
