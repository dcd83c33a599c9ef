package io.optoutchain.benchmark;

import io.optoutchain.party.PartyDirectory;
import io.optoutchain.release.GateDecision;
import io.optoutchain.release.NewRelease;
import io.optoutchain.release.ProvisionGate;
import io.optoutchain.reporting.ReportingProperties;
import io.optoutchain.release.ReleaseRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Instant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prints figures at national scale, on the embedded PostgreSQL of the tests:
 * the release exclusion check (10 M keys against a 1 M-entry ledger) beside a bare Java HashSet
 * lookup loop over the same keys, and the provision gate over 180,000 hospitals x 24 months.
 *
 * <p>{@code MAVEN_OPTS=-Xmx6g mvn -q test-compile exec:java@benchmark}; sizes with
 * {@code -Dledger=}, {@code -Drelease=}, {@code -Dhospitals=}, {@code -Dmonths=}.
 */
public final class ScaleBenchmark {

  private static final int LEDGER_HOSPITALS = 1000;

  public static void main(String[] args) throws Exception {
    int ledgerEntries = Integer.getInteger("ledger", 1_000_000);
    int releaseKeys = Integer.getInteger("release", 10_000_000);
    int hospitals = Integer.getInteger("hospitals", 180_000);
    int months = Integer.getInteger("months", 24);
    System.out.printf("machine: %d cores, max heap %d MiB, %s %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("java.version"));

    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_wal_size", "4GB").start()) {
      DataSource dataSource = postgres.getPostgresDatabase();
      Flyway.configure().dataSource(dataSource).schemas("optout").defaultSchema("optout").load().migrate();
      var jdbc = new NamedParameterJdbcTemplate(dataSource);
      var transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

      // The ledger: 1 M entries over 1,000 hospitals; every tenth release key opted out.
      long started = System.nanoTime();
      StringBuilder ledgerCsv = new StringBuilder();
      for (int i = 0; i < ledgerEntries; i++) {
        ledgerCsv.append(hospital(i % LEDGER_HOSPITALS)).append(',').append(key(i * 10L)).append(",STOP_PROVISION,")
            .append(LocalDate.of(2024, 12, 1).plusDays(i % 300)).append(",2025-10-01T00:00:00Z,benchmark\n");
      }
      copy(dataSource, "copy optout.ledger_entry (hospital_id, patient_key, kind, received_on, recorded_at, recorded_by)"
          + " from stdin with (format csv)", ledgerCsv.toString());
      ledgerCsv = null;
      jdbc.getJdbcTemplate().execute("analyze optout.ledger_entry");
      System.out.printf("ledger: %,d entries loaded in %.1f s%n", ledgerEntries, seconds(started));

      // The release: 10 M keys, streamed through the product's own upload path.
      Set<String> releaseHospitals = new HashSet<>();
      IntStream.range(0, LEDGER_HOSPITALS).forEach(h -> releaseHospitals.add(hospital(h)));
      var releases = new ReleaseRepository(jdbc, dataSource);
      started = System.nanoTime();
      long releaseId = transactions.execute(status -> {
        long id = releases.insert(new NewRelease("jmimo", "datauser-1", LocalDate.of(2025, 10, 31),
            List.copyOf(releaseHospitals)), "benchmark", Instant.now());
        releases.copyKeys(id, releaseHospitals, releaseUpload(releaseKeys), Long.MAX_VALUE, Long.MAX_VALUE);
        return id;
      });
      jdbc.getJdbcTemplate().execute("analyze optout.release_key");
      System.out.printf("release: %,d keys uploaded in %.1f s (%,.0f keys/s)%n", releaseKeys, seconds(started),
          releaseKeys / seconds(started));

      started = System.nanoTime();
      Map<String, Long> optedOut = releases.optedOutKeysPerHospital(releaseId, LocalDate.of(2025, 10, 31));
      double exclusion = seconds(started);
      long offending = optedOut.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf("exclusion check: %,d keys in %.2f s = %,.0f keys/s (%,d opted out, from %,d hospitals)%n",
          releaseKeys, exclusion, releaseKeys / exclusion, offending, optedOut.size());

      // The same question with nothing but a HashSet, for scale.
      Set<String> ledgerSet = new HashSet<>(ledgerEntries * 2);
      for (int i = 0; i < ledgerEntries; i++) {
        ledgerSet.add(hospital(i % LEDGER_HOSPITALS) + ',' + key(i * 10L));
      }
      String[] release = new String[releaseKeys];
      for (int i = 0; i < releaseKeys; i++) {
        release[i] = hospital(releaseHospitalOf(i)) + ',' + key(i);
      }
      started = System.nanoTime();
      long hits = 0;
      for (String k : release) {
        if (ledgerSet.contains(k)) {
          hits++;
        }
      }
      double hashSet = seconds(started);
      System.out.printf("HashSet loop:    %,d keys in %.2f s = %,.0f keys/s (%,d hits)%n", releaseKeys, hashSet,
          releaseKeys / hashSet, hits);
      release = null;
      ledgerSet = null;

      // The gate over every hospital of Japan and two years of months, all reconciled but one.
      started = System.nanoTime();
      List<String> months24 = new ArrayList<>();
      for (YearMonth m = YearMonth.of(2024, 12); months24.size() < months; m = m.plusMonths(1)) {
        months24.add(m.toString());
      }
      StringBuilder statusCsv = new StringBuilder();
      List<String> facilities = new ArrayList<>(hospitals);
      for (int h = 0; h < hospitals; h++) {
        String facility = "facility-" + h;
        facilities.add(facility);
        for (String month : months24) {
          statusCsv.append(facility).append(',').append(month).append(",jmimo,RECONCILED,2026-01-01T00:00:00Z\n");
        }
        if (statusCsv.length() > 64 << 20) {
          copy(dataSource, STATUS_COPY, statusCsv.toString());
          statusCsv.setLength(0);
        }
      }
      copy(dataSource, STATUS_COPY, statusCsv.toString());
      jdbc.getJdbcTemplate().execute("analyze optout.period_status");
      System.out.printf("gate data: %,d hospitals x %d months = %,d period statuses in %.1f s%n", hospitals, months,
          (long) hospitals * months, seconds(started));

      // The directory reads the party tables: the gate needs the recipient to be a certified producer.
      jdbc.getJdbcTemplate().update("insert into optout.party (id, name_ja, name_en, created_at, updated_at)"
          + " values ('jmimo', '日本医師会医療情報管理機構', 'J-MIMO', now(), now())");
      jdbc.getJdbcTemplate().update("insert into optout.party_role (party_id, role) values ('jmimo', 'CERTIFIED_PRODUCER')");
      var directory = new PartyDirectory(jdbc);
      var reporting = new ReportingProperties(months24.get(0), 3, "-", Duration.ofDays(5), Duration.ofDays(3),
          Duration.ofDays(3), Duration.ofDays(5), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(5), 500, false);
      var gate = new ProvisionGate(jdbc, directory, reporting, null);
      LocalDate cutoff = YearMonth.parse(months24.get(months24.size() - 1)).atEndOfMonth();
      for (int run = 1; run <= 3; run++) {
        started = System.nanoTime();
        GateDecision open = gate.evaluate("jmimo", cutoff, facilities);
        System.out.printf("gate (run %d): %s in %.0f ms%n", run, open.decision(), seconds(started) * 1000);
      }
      jdbc.update("update optout.period_status set status = 'ESCALATED' where hospital_id = :facility"
          + " and period = :period", Map.of("facility", "facility-" + hospitals / 2, "period", months24.get(0)));
      for (int run = 1; run <= 3; run++) {
        started = System.nanoTime();
        GateDecision closed = gate.evaluate("jmimo", cutoff, facilities);
        System.out.printf("gate (run %d): %s in %.0f ms, blocking %s%n", run, closed.decision(),
            seconds(started) * 1000, closed.blocking());
      }
    }
  }

  private static final String STATUS_COPY =
      "copy optout.period_status (hospital_id, period, final_recipient, status, updated_at) from stdin with (format csv)";

  private static int releaseHospitalOf(int i) {
    return (i / 10) % LEDGER_HOSPITALS;
  }

  /** Release key {@code i} is ledger key {@code i} when {@code i} is a multiple of 10, same hospital. */
  private static InputStream releaseUpload(int releaseKeys) {
    int chunk = 100_000;
    List<InputStream> parts = new ArrayList<>();
    for (int from = 0; from < releaseKeys; from += chunk) {
      int start = from;
      int end = Math.min(releaseKeys, from + chunk);
      parts.add(new LazyStream(() -> {
        StringBuilder lines = new StringBuilder((end - start) * 80);
        for (int i = start; i < end; i++) {
          lines.append(hospital(releaseHospitalOf(i))).append(',').append(key(i)).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
      }));
    }
    return new SequenceInputStream(java.util.Collections.enumeration(parts));
  }

  private static String hospital(int h) {
    return "hospital-" + h;
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  });

  /** A pseudonymous key, the same for the same number: the ledger's entry i has key 10 i. */
  private static String key(long i) {
    return HexFormat.of().formatHex(SHA256.get().digest(Long.toString(i).getBytes(StandardCharsets.UTF_8)));
  }

  private static void copy(DataSource dataSource, String sql, String csv) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql,
          new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** An input stream whose bytes are made only when first read, so 10 M lines never sit in memory. */
  private static final class LazyStream extends InputStream {
    private final java.util.function.Supplier<byte[]> source;
    private ByteArrayInputStream delegate;

    LazyStream(java.util.function.Supplier<byte[]> source) {
      this.source = source;
    }

    private ByteArrayInputStream delegate() {
      if (delegate == null) {
        delegate = new ByteArrayInputStream(source.get());
      }
      return delegate;
    }

    @Override
    public int read() {
      return delegate().read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return delegate().read(buffer, offset, length);
    }
  }
}
