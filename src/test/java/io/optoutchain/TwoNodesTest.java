package io.optoutchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.audit.AuditSealer;
import io.optoutchain.audit.AuditVerifier;
import io.optoutchain.reporting.process.PeriodCloser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes of the product on one PostgreSQL, started at the same moment, as a cluster's replicas
 * are: what one node does the other sees, and nothing the two do at once happens twice.
 */
@Tag("own-jvm")
class TwoNodesTest {

  /** 2025-01-06 09:00 in Tokyo: December 2024 has closed. */
  private static final Instant START = Instant.parse("2025-01-06T00:00:00Z");

  private static EmbeddedPostgres database;
  private static JdbcTemplate jdbc;
  private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
  private static ExecutorService both;

  @BeforeAll
  static void startTwoNodesAtOnce() throws Exception {
    ClockUtil.setCurrentTime(Date.from(START));
    database = EmbeddedPostgres.builder().start();
    jdbc = new JdbcTemplate(database.getPostgresDatabase());
    both = Executors.newFixedThreadPool(2);
    nodes.addAll(onBoth(() -> startNode("default"), () -> startNode("second")));
  }

  /**
   * A node on the shared database. Two nodes share this test's JVM (and so the engine clock the test
   * moves), where Camunda's JVM-wide container needs each engine and process application named apart.
   */
  private static ConfigurableApplicationContext startNode(String engineName) {
    var environment = new StandardEnvironment();
    environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    return new SpringApplicationBuilder(OptOutChainApplication.class).environment(environment)
        .profiles("demo", "test")
        .properties(
            "spring.datasource.url=" + database.getJdbcUrl("postgres", "postgres"),
            "spring.datasource.username=postgres",
            "PORT=0",
            "optout.demo.replay=false",
            // Jobs are run by the test, on both nodes at once, when it has moved the engine clock.
            "camunda.bpm.job-execution.enabled=false",
            "camunda.bpm.metrics.enabled=false",
            "optout.reporting.close-cron=-",
            "management.observations.enable.http.client.requests=false",
            "camunda.bpm.process-engine-name=" + engineName,
            "camunda.bpm.generate-unique-process-application-name=true")
        .run();
  }

  @AfterAll
  static void stop() {
    nodes.forEach(ConfigurableApplicationContext::close);
    both.shutdownNow();
    ClockUtil.reset();
    try {
      database.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @SafeVarargs
  private static <T> List<T> onBoth(Callable<T>... calls) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> call : calls) {
      futures.add(both.submit(call));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  private static ConfigurableApplicationContext node(int i) {
    return nodes.get(i);
  }

  private static TestRestTemplate rest(int node, String user) {
    int port = Integer.parseInt(node(node).getEnvironment().getProperty("local.server.port"));
    return new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port))
        .withBasicAuth(user, "demo");
  }

  @Test
  void seedingAtTheSameStartLeavesOneOfEverything() {
    assertThat(jdbc.queryForList("select name_ from act_ru_filter group by name_ having count(*) > 1")).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from act_ru_filter", Integer.class)).isEqualTo(3);
    assertThat(jdbc.queryForList("""
        select type_, coalesce(group_id_, user_id_), resource_type_, resource_id_ from act_ru_authorization
         group by 1, 2, 3, 4 having count(*) > 1""")).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from act_id_membership where user_id_ = 'hospital-a-operator'",
        Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from act_re_procdef where key_ = 'MonthlyOptOutReport'",
        Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from optout.party where id = 'hospital-a'", Integer.class))
        .isEqualTo(1);
  }

  @Test
  void aMonthClosedOnBothNodesAtOnceStartsOnceAndWhatOneNodeDoesTheOtherSees() throws Exception {
    // The close day's tick fires on both nodes at the same moment.
    onBoth(() -> tick(0), () -> tick(1));

    assertThat(jdbc.queryForMap("select state, reports_started from optout.period_start where period = '2024-12'"))
        .containsEntry("state", "DONE").containsEntry("reports_started", reports());
    assertThat(jdbc.queryForList("""
        select business_key_ from act_ru_execution where parent_id_ is null and business_key_ like '%:2024-12:%'
         group by business_key_ having count(*) > 1""")).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from optout.period_status where period = '2024-12'",
        Integer.class)).isEqualTo(jdbc.queryForObject(
            "select count(*) from act_ru_execution where parent_id_ is null and business_key_ like '%:2024-12:%'",
            Integer.class));

    // Hospital A declares on node 1; NTT Data's operator finds the report to send on node 2.
    var digest = rest(0, "hospital-a-operator").postForEntity("/api/manifests/digest",
        Map.of("period", "2024-12", "keys", List.of()), Map.class);
    ResponseEntity<String> declared = rest(0, "hospital-a-operator").postForEntity(
        "/api/reports/hospital-a/2024-12/declaration", Map.of("clientRequestId", "two-nodes-1",
            "count", digest.getBody().get("count"), "digestPrefix", digest.getBody().get("digestPrefix"),
            "nilAttested", true), String.class);
    assertThat(declared.getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> toSend = rest(1, "nttdata-operator").getForEntity("/api/tasks", String.class);
    assertThat(toSend.getBody()).contains("hospital-a").contains("Task_ReviewAndSendReport");

    // Past every due date: each timer due is run by both nodes at once, and takes effect once.
    ClockUtil.setCurrentTime(Date.from(START.plusSeconds(60L * 24 * 3600)));
    AtomicInteger fired = new AtomicInteger();
    int rounds = 0;
    for (List<Job> due = dueJobs(); !due.isEmpty() && rounds < 20; due = dueJobs(), rounds++) {
      for (Job job : due) {
        List<Boolean> ran = onBoth(() -> execute(0, job), () -> execute(1, job));
        assertThat(ran).as("job %s of %s ran on exactly one node", job.getId(), job.getProcessDefinitionKey())
            .containsOnlyOnce(true);
        fired.incrementAndGet();
      }
    }
    assertThat(fired.get()).isPositive();
    assertThat(jdbc.queryForList("""
        select hospital_id, period, final_recipient, level from optout.escalation
         group by 1, 2, 3, 4 having count(*) > 1""")).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from optout.escalation where period = '2024-12'", Integer.class))
        .isGreaterThanOrEqualTo(reports());
    // Each escalation's mail is queued once (its subject names the hospital, month, producer and level).
    assertThat(jdbc.queryForList("select subject from optout.mail_outbox group by subject having count(*) > 1"))
        .isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from optout.mail_outbox", Integer.class)).isPositive();

    // Both nodes' sealers at once chain every event of the month once, with no fork and no gap.
    int events = jdbc.queryForObject("select count(*) from optout.audit_event", Integer.class);
    List<Integer> sealed = onBoth(() -> sealAll(0), () -> sealAll(1));
    assertThat(sealed.get(0) + sealed.get(1)).isEqualTo(events);
    var verification = node(1).getBean(AuditVerifier.class).verify();
    assertThat(verification.intact()).isTrue();
    assertThat(verification.rows()).isEqualTo(events);
    assertThat(verification.unsealedRows()).isZero();
  }

  private static int sealAll(int node) {
    int sealed = 0;
    for (int batch = node(node).getBean(AuditSealer.class).sealPending(); batch > 0;
        batch = node(node).getBean(AuditSealer.class).sealPending()) {
      sealed += batch;
    }
    return sealed;
  }

  private static boolean tick(int node) {
    node(node).getBean(PeriodCloser.class).closeDuePeriods();
    return true;
  }

  private static int reports() {
    return jdbc.queryForObject("""
        select count(distinct (h.hospital_id, r.route_no))
          from optout.hospital_chain h join optout.chain_report r on r.chain_id = h.chain_id
        """, Integer.class);
  }

  /**
   * The processes' due jobs. The engine's history cleanup job is left out: it may run on two nodes at
   * once by design (it tolerates the other's write), and it is not one of the product's timers.
   */
  private static List<Job> dueJobs() {
    return node(0).getBean(ManagementService.class).createJobQuery().executable().list().stream()
        .filter(job -> job.getProcessInstanceId() != null).toList();
  }

  private static boolean execute(int node, Job job) {
    try {
      node(node).getBean(ManagementService.class).executeJob(job.getId());
      return true;
    } catch (RuntimeException lostTheRace) {
      return false;
    }
  }
}
