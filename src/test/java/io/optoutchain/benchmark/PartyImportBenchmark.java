package io.optoutchain.benchmark;

import io.optoutchain.OptOutChainApplication;
import io.optoutchain.party.PartyDirectory;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a file of 180,000 synthetic facilities (h000001 ... h180000, no real names) through the
 * product's own endpoint, POST /api/admin/parties/import, on the embedded PostgreSQL of the demo
 * profile (its replay off, on a free port). Then: the same file again (every line unchanged), a file
 * refused at its last line (nothing written), the directory's cost per call at that scale, and, for
 * the design choice, what creating the groups and grants one by one through IdentityService and
 * AuthorizationService costs on a sample.
 *
 * <p>{@code MAVEN_OPTS=-Xmx2g mvn -q test-compile exec:java@party-import-benchmark}; the size with
 * {@code -Dfacilities=}, the one-by-one sample with {@code -Dsample=}.
 */
public final class PartyImportBenchmark {

  public static void main(String[] args) throws Exception {
    int facilities = Integer.getInteger("facilities", 180_000);
    int sample = Integer.getInteger("sample", 2_000);
    System.out.printf("machine: %d cores, max heap %d MiB, %s %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("java.version"));
    Path file = Files.createTempFile("facilities-", ".csv");
    Path refused = Files.createTempFile("facilities-refused-", ".csv");
    try (var app = new SpringApplicationBuilder(OptOutChainApplication.class).profiles("demo")
        .properties("PORT=0", "optout.demo.replay=false", "camunda.bpm.job-execution.enabled=false",
            "optout.reporting.close-cron=-", "logging.level.root=WARN",
            "logging.level.io.optoutchain.party.admin=INFO")
        .run()) {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

      long started = System.nanoTime();
      write(file, facilities, false);
      write(refused, facilities, true);
      System.out.printf("files: %,d facilities, %,d bytes, written in %.1f s%n", facilities, Files.size(file),
          seconds(started));

      started = System.nanoTime();
      HttpResponse<String> first = upload(port, "bench-1", file);
      double importSeconds = seconds(started);
      System.out.printf("import: HTTP %d in %.1f s = %,.0f facilities/s%n  %s%n", first.statusCode(), importSeconds,
          facilities / importSeconds, first.body());
      System.out.printf("  rows now: %,d parties, %,d hospital assignments, %,d groups, %,d authorizations%n",
          count(jdbc, "optout.party"), count(jdbc, "optout.hospital_chain"), count(jdbc, "public.act_id_group"),
          count(jdbc, "public.act_ru_authorization"));

      started = System.nanoTime();
      HttpResponse<String> again = upload(port, "bench-2", file);
      System.out.printf("same file again (all unchanged): HTTP %d in %.1f s%n  %s%n", again.statusCode(),
          seconds(started), again.body());

      started = System.nanoTime();
      HttpResponse<String> bad = upload(port, "bench-3", refused);
      System.out.printf("file refused at its last line: HTTP %d in %.1f s, %s%n", bad.statusCode(), seconds(started),
          bad.body().substring(0, Math.min(300, bad.body().length())));

      PartyDirectory directory = app.getBean(PartyDirectory.class);
      Random random = new Random(1);
      for (int round = 1; round <= 2; round++) {
        int calls = 20_000;
        started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          directory.chainsOf(hospital(1 + random.nextInt(facilities)));
        }
        double chainsOf = seconds(started);
        started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          directory.party(hospital(1 + random.nextInt(facilities)));
        }
        double party = seconds(started);
        System.out.printf("directory (round %d): chainsOf %.0f µs/call, party %.0f µs/call (%,d random hospitals each)%n",
            round, chainsOf * 1e6 / calls, party * 1e6 / calls, calls);
      }
      started = System.nanoTime();
      int hospitals = directory.hospitals().size();
      System.out.printf("directory.hospitals(): %,d ids in %.0f ms%n", hospitals, seconds(started) * 1000);

      oneByOne(app.getBean(IdentityService.class), app.getBean(AuthorizationService.class),
          new TransactionTemplate(app.getBean(PlatformTransactionManager.class)), sample, facilities);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(refused);
    }
  }

  /** The alternative not taken: each group and grant through the engine's services, a command each. */
  private static void oneByOne(IdentityService identity, AuthorizationService authorizations,
      TransactionTemplate transactions, int sample, int facilities) {
    long started = System.nanoTime();
    transactions.executeWithoutResult(status -> {
      for (int i = 1; i <= sample; i++) {
        for (String suffix : List.of("-operators", "-supervisors", "-compliance")) {
          String id = "one-by-one-" + i + suffix;
          Group group = identity.newGroup(id);
          group.setName(id);
          group.setType("WORKFLOW");
          identity.saveGroup(group);
          grant(authorizations, id, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
          grant(authorizations, id, Resources.PROCESS_DEFINITION, "MonthlyOptOutReport", Permissions.READ);
        }
      }
      status.setRollbackOnly();
    });
    double seconds = seconds(started);
    System.out.printf("one by one through IdentityService/AuthorizationService: %,d parties (%,d groups) in %.1f s"
            + " = %,.0f parties/s; %,d facilities would take about %.0f s%n", sample, sample * 3, seconds,
        sample / seconds, facilities, facilities * seconds / sample);
  }

  private static void grant(AuthorizationService authorizations, String group,
      org.camunda.bpm.engine.authorization.Resource resource, String resourceId,
      org.camunda.bpm.engine.authorization.Permission permission) {
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(permission);
    authorizations.saveAuthorization(authorization);
  }

  private static HttpResponse<String> upload(int port, String requestId, Path file) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/admin/parties/import?clientRequestId=" + requestId))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "text/csv; charset=utf-8").header("X-Requested-By", "benchmark")
        .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Synthetic facilities on the demo chain, every tenth with a contact address; {@code broken}: the last line's role misspelt. */
  private static void write(Path file, int facilities, boolean broken) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,name_ja,name_en,contact_email,roles,chain\n");
      for (int i = 1; i <= facilities; i++) {
        String id = hospital(i);
        String role = broken && i == facilities ? "HOSPTIAL" : "HOSPITAL";
        out.write(id + ",テスト医療機関" + i + ",Test Facility " + i + "," + (i % 10 == 0 ? id + "@facility.example.jp" : "")
            + "," + role + ",demo\n");
      }
    }
  }

  private static String hospital(int i) {
    return String.format("h%06d", i);
  }

  private static long count(JdbcTemplate jdbc, String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
