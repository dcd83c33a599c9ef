package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.reporting.PeriodStartRepository.PeriodStartRun;
import io.optoutchain.reporting.PeriodStartRepository.State;
import io.optoutchain.reporting.process.PeriodCloser;
import io.optoutchain.reporting.process.PeriodStart;
import io.optoutchain.support.ReportingTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A month starts for every hospital in chunks, once: a failed chunk leaves the chunks before it and a
 * cursor to resume from, a missed close day is caught up, two callers at once share the work, and the
 * API answers at once with a handle to follow.
 */
class PeriodStartTest extends ReportingTest {

  private static final ReportingPeriod DECEMBER = ReportingPeriod.parse("2024-12");
  /** The seed's four hospitals (A to C one report each, D two) and eight more on the chain 'demo'. */
  private static final int HOSPITALS = 12;
  private static final int REPORTS = 13;

  @Autowired PeriodStart periodStart;
  @Autowired PeriodCloser closer;
  @Autowired PeriodStartRepository runs;

  @BeforeEach
  void eightMoreHospitalsOnTheDemoChain() {
    jdbc.update("insert into optout.party (id, name_ja, created_at, updated_at)"
        + " select 'ps-0' || g, '開始病院' || g, now(), now() from generate_series(1, 8) g");
    jdbc.update("insert into optout.party_role (party_id, role) select id, 'HOSPITAL' from optout.party where id like 'ps-%'");
    jdbc.update("insert into optout.hospital_chain (hospital_id, chain_id, assigned_at)"
        + " select id, 'demo', now() from optout.party where id like 'ps-%'");
  }

  @AfterEach
  void backToTheSeed() {
    jdbc.execute("drop trigger if exists ps_03_fails on optout.period_status");
    jdbc.execute("drop function if exists optout.ps_03_fails()");
    jdbc.update("delete from optout.period_status where hospital_id like 'ps-%' or hospital_id = 'a-late'");
    jdbc.update("delete from optout.hospital_chain where hospital_id like 'ps-%' or hospital_id = 'a-late'");
    jdbc.update("delete from optout.party_role where party_id like 'ps-%' or party_id = 'a-late'");
    jdbc.update("delete from optout.party where id like 'ps-%' or id = 'a-late'");
  }

  /** How many monthly report instances run under each business key. */
  private Map<String, Long> instancesPerBusinessKey() {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey("MonthlyOptOutReport").list().stream()
        .collect(Collectors.groupingBy(p -> p.getBusinessKey(), Collectors.counting()));
  }

  private int periodStatusRows(String period) {
    return jdbc.queryForObject("select count(*) from optout.period_status where period = ?", Integer.class, period);
  }

  private Timestamp lastAnalyzed(String table) {
    return jdbc.queryForObject("select max(last_analyze) from pg_stat_user_tables where relname = ?", Timestamp.class,
        table);
  }

  /** Hospital ps-03's report cannot be opened: its period_status row is refused (dropped after each test). */
  private void ps03CannotBeOpened() {
    jdbc.execute("""
        create function optout.ps_03_fails() returns trigger language plpgsql as $$
        begin raise exception 'ps-03 cannot be opened today'; end $$
        """);
    jdbc.execute("create trigger ps_03_fails before insert on optout.period_status for each row"
        + " when (new.hospital_id = 'ps-03') execute function optout.ps_03_fails()");
  }

  @Test
  void aChunkThatFailsIsRolledBackAndTheRunResumesAfterTheLastCommittedChunkStartingEachReportOnce() {
    // given hospital ps-03, the third of the second chunk of four, whose report cannot be opened
    ps03CannotBeOpened();

    // when the month starts in chunks of four
    periodStart.request(DECEMBER, "test");
    PeriodStartRun failed = periodStart.drive(DECEMBER, 4);

    // then the first chunk (the seed's four hospitals, five reports) stands, the second is rolled back whole
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.cursor()).isEqualTo("hospital-d");
    assertThat(failed.hospitalsDone()).isEqualTo(4);
    assertThat(failed.reportsStarted()).isEqualTo(5);
    // Its kind only: a database's message can quote SQL and key values, and the handle is read over the API.
    assertThat(failed.lastError()).contains("details in the node's log").doesNotContain("ps-03");
    assertThat(periodStatusRows("2024-12")).isEqualTo(5);
    assertThat(instancesPerBusinessKey()).hasSize(5).doesNotContainKeys("ps-01:2024-12:jmimo", "ps-02:2024-12:jmimo");

    // when the fault is mended and the closer's next tick takes the run up again
    jdbc.execute("drop trigger ps_03_fails on optout.period_status");
    closer.closeDuePeriods();

    // then it resumed after hospital-d: every report once, none of the first chunk's visited again
    PeriodStartRun done = runs.find(DECEMBER).orElseThrow();
    assertThat(done.state()).isEqualTo(State.DONE);
    assertThat(done.hospitalsDone()).isEqualTo(HOSPITALS);
    assertThat(done.reportsStarted()).isEqualTo(REPORTS);
    assertThat(done.hospitalsAlreadyStarted()).isZero();
    assertThat(done.finishedAt()).isNotNull();
    assertThat(periodStatusRows("2024-12")).isEqualTo(REPORTS);
    assertThat(instancesPerBusinessKey()).hasSize(REPORTS).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
  }

  @Test
  void aHospitalAssignedBehindTheCursorWhileTheMonthStartsIsStartedBeforeTheRunIsDone() {
    // given a run stopped after its first chunk (the cursor at hospital-d) by ps-03, whose report cannot be opened
    ps03CannotBeOpened();
    periodStart.request(DECEMBER, "test");
    assertThat(periodStart.drive(DECEMBER, 4).cursor()).isEqualTo("hospital-d");

    // when a hospital whose id sorts before the cursor is assigned meanwhile, and the run resumes
    jdbc.update("insert into optout.party (id, name_ja, created_at, updated_at) values ('a-late', '遅れた病院', now(), now())");
    jdbc.update("insert into optout.party_role (party_id, role) values ('a-late', 'HOSPITAL')");
    jdbc.update("insert into optout.hospital_chain (hospital_id, chain_id, assigned_at) values ('a-late', 'demo', now())");
    jdbc.execute("drop trigger ps_03_fails on optout.period_status");
    periodStart.request(DECEMBER, "test");
    PeriodStartRun done = periodStart.drive(DECEMBER, 4);

    // then the run is done only with it started too
    assertThat(done.state()).isEqualTo(State.DONE);
    assertThat(periodStatusRows("2024-12")).isEqualTo(REPORTS + 1);
    assertThat(instancesPerBusinessKey()).containsEntry("a-late:2024-12:jmimo", 1L);
  }

  @Test
  void aNodeBackAfterTwoMissedCloseDaysStartsBothMonthsInOneTickAndTheNextTickStartsNothing() {
    // given no start at all, and the clock past the close days of December (3 Jan) and January (3 Feb)
    moveClockTo(Instant.parse("2025-02-04T00:00:00Z")); // 09:00 in Tokyo

    // when the closer ticks
    closer.closeDuePeriods();

    // then both months run for every hospital, each report once
    assertThat(runs.find(DECEMBER).orElseThrow().state()).isEqualTo(State.DONE);
    assertThat(runs.find(ReportingPeriod.parse("2025-01")).orElseThrow().state()).isEqualTo(State.DONE);
    assertThat(periodStatusRows("2024-12")).isEqualTo(REPORTS);
    assertThat(periodStatusRows("2025-01")).isEqualTo(REPORTS);
    assertThat(instancesPerBusinessKey()).hasSize(2 * REPORTS).containsKeys("hospital-d:2025-01:ldi", "ps-08:2024-12:jmimo")
        .allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    Instant decemberUpdated = runs.find(DECEMBER).orElseThrow().updatedAt();

    // when it ticks again
    closer.closeDuePeriods();

    // then nothing more is due or started (February closes on 3 March)
    assertThat(runs.pending(DECEMBER, ReportingPeriod.parse("2025-01"))).isEmpty();
    assertThat(instancesPerBusinessKey()).hasSize(2 * REPORTS);
    assertThat(runs.find(DECEMBER).orElseThrow().updatedAt()).isEqualTo(decemberUpdated);
  }

  @Test
  void twoCallersAtOnceShareTheChunksAndStartEachReportOnce() throws Exception {
    // given two callers (two nodes' closers, or the closer and the API) starting December at the same moment
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    List<Future<PeriodStartRun>> outcomes = new ArrayList<>();
    try {
      for (String caller : List.of("node-1", "node-2")) {
        outcomes.add(callers.submit(() -> {
          together.await();
          periodStart.request(DECEMBER, caller);
          return periodStart.drive(DECEMBER, 2);
        }));
      }
      for (Future<PeriodStartRun> outcome : outcomes) {
        outcome.get();
      }
    } finally {
      callers.shutdownNow();
    }

    // then every chunk was done once, by one of them, and every report started once
    PeriodStartRun run = runs.find(DECEMBER).orElseThrow();
    assertThat(run.state()).isEqualTo(State.DONE);
    assertThat(run.hospitalsDone()).isEqualTo(HOSPITALS);
    assertThat(run.reportsStarted()).isEqualTo(REPORTS);
    assertThat(periodStatusRows("2024-12")).isEqualTo(REPORTS);
    assertThat(instancesPerBusinessKey()).hasSize(REPORTS).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
  }

  private ResponseEntity<String> post(String user, String path, Map<String, ?> body) {
    return rest.withBasicAuth(user, "demo").postForEntity(path, body, String.class);
  }

  private ResponseEntity<String> get(String user, String path) {
    return rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  @Test
  void theApiAnswersAtOnceWithAHandleThatShowsTheRunDoneOnceDriven() {
    // given hospital-a's December started by name already
    start("2024-12");
    Timestamp analyzedBefore = lastAnalyzed("act_ru_task");

    // when the administrator starts December for every hospital
    var accepted = post("demo", "/api/periods/2024-12/reports", Map.of("clientRequestId", "start-all-dec"));

    // then the answer is at once, a handle to follow, and nothing was started in the request
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(accepted.getHeaders().getLocation()).hasToString("/api/periods/2024-12/start");
    Function<ResponseEntity<String>, Object> state = response -> JsonPath.read(response.getBody(), "$.state");
    assertThat(state.apply(accepted)).isEqualTo("RUNNING");
    assertThat(JsonPath.<Object>read(accepted.getBody(), "$.follow")).isEqualTo("/api/periods/2024-12/start");
    assertThat(periodStatusRows("2024-12")).isEqualTo(1);
    assertThat(state.apply(get("demo", "/api/periods/2024-12/start"))).isEqualTo("RUNNING");

    // when the run is driven (in the app, by its background thread or the closer's tick)
    periodStart.drive(DECEMBER);

    // then the handle shows it done with its counts, and the planner statistics were refreshed
    var followed = get("demo", "/api/periods/2024-12/start");
    assertThat(followed.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, Object> run = JsonPath.read(followed.getBody(), "$");
    assertThat(run).containsEntry("state", "DONE").containsEntry("hospitalsTotal", HOSPITALS)
        .containsEntry("hospitalsDone", HOSPITALS).containsEntry("reportsStarted", REPORTS - 1)
        .containsEntry("hospitalsAlreadyStarted", 1).containsEntry("cursor", "ps-08")
        .containsEntry("requestedBy", "demo").containsKey("finishedAt");
    assertThat(periodStatusRows("2024-12")).isEqualTo(REPORTS);
    assertThat(lastAnalyzed("act_ru_task")).isNotNull();
    if (analyzedBefore != null) {
      assertThat(lastAnalyzed("act_ru_task")).isAfter(analyzedBefore);
    }
    // a retry of the request replays its answer; a new request for a month done is refused
    assertThat(post("demo", "/api/periods/2024-12/reports", Map.of("clientRequestId", "start-all-dec"))
        .getHeaders().getFirst("Idempotent-Replay")).isEqualTo("true");
    assertThat(post("demo", "/api/periods/2024-12/reports", Map.of("clientRequestId", "start-all-dec-2"))
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    // and no one but an administrator (or the keeper of every hospital's ledger) starts every hospital
    assertThat(post(HOSPITAL_OPERATOR, "/api/periods/2025-01/reports", Map.of("clientRequestId", "start-all-jan"))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post(LDI_OPERATOR, "/api/periods/2025-01/reports", Map.of("clientRequestId", "start-all-jan"))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get(LDI_OPERATOR, "/api/periods/2024-12/start").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get("regulator", "/api/periods/2024-12/start").getStatusCode()).isEqualTo(HttpStatus.OK);
  }
}
