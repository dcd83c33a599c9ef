package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.support.ReportingTest;
import io.optoutchain.support.WebappSession;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The attacks an authenticated but hostile party can try on the record it is checked by, each
 * through the door where it was found: the engine REST API, the webapps' engine API, our API. Each
 * must fail and leave the record as it was.
 */
class ForgeryTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";

  @BeforeEach
  void decemberReportAwaitsLdisAcknowledgement() {
    recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 3));
    start(DECEMBER);
    declare(DECEMBER, 1, null);
    sendCompiledReport(DECEMBER);
  }

  // 1. Skipping the final recipient.

  @Test
  void ldiCannotEndTheHopLoopByCompletingItsAcknowledgementWithAHopCount() {
    String before = record();

    var forged = engineRest(LDI_OPERATOR, HttpMethod.POST, "/task/" + taskId() + "/complete",
        variables(rightFigures(), "hopCount", 1));

    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getBody()).contains("hopCount");
    assertThat(record()).isEqualTo(before);
  }

  @Test
  void ldiCannotSetAHopCountOnItsTaskBeforeCompletingIt() {
    String before = record();

    var onTask = engineRest(LDI_OPERATOR, HttpMethod.POST, "/task/" + taskId() + "/variables",
        Map.of("modifications", Map.of("hopCount", Map.of("value", 1, "type", "Integer"))));
    var onLocal = engineRest(LDI_OPERATOR, HttpMethod.PUT, "/task/" + taskId() + "/localVariables/hopCount",
        Map.of("value", 1, "type", "Integer"));
    var onInstance = engineRest(LDI_OPERATOR, HttpMethod.POST, "/process-instance/" + instanceId() + "/variables",
        Map.of("modifications", Map.of("hopCount", Map.of("value", 1, "type", "Integer"))));

    assertThat(List.of(onTask.getStatusCode(), onLocal.getStatusCode(), onInstance.getStatusCode()))
        .allMatch(status -> status == HttpStatus.FORBIDDEN);
    assertThat(record()).isEqualTo(before);

    // Completed with its figures only, the report goes on to J-MIMO: no hop was skipped.
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    BpmnAwareTests.assertThat(BpmnAwareTests.task(instance())).hasDefinitionKey(ProcessKeys.TASK_ACKNOWLEDGE_HOP)
        .hasCandidateGroup("jmimo-operators");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.REPORTED);
  }

  @Test
  void ldiCannotSubmitTheFormWithAHopCountThroughTheWebapps() {
    String before = record();
    var tasklist = WebappSession.login(rest, LDI_OPERATOR, "demo");

    var forged = tasklist.post(WebappSession.ENGINE_API + "/task/" + taskId() + "/submit-form",
        variables(rightFigures(), "hopCount", 1));
    var setVariables = tasklist.post(WebappSession.ENGINE_API + "/task/" + taskId() + "/variables",
        Map.of("modifications", Map.of("hopCount", Map.of("value", 1, "type", "Integer"))));

    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getBody()).contains("hopCount");
    assertThat(setVariables.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(record()).isEqualTo(before);
  }

  @Test
  void theLedgerKeeperCannotSendWithAHopCountOfZero() {
    recordOptOut(HOSPITAL, patientKey("2"), LocalDate.of(2025, 1, 3));
    moveClockTo(java.time.Instant.parse("2025-02-05T00:00:00Z"));
    start("2025-01");
    declare("2025-01", 1, null);
    String sendTask = taskService.createTaskQuery().processInstanceBusinessKey(HOSPITAL + ":2025-01:jmimo")
        .taskDefinitionKey(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT).singleResult().getId();
    String before = record();

    var forged = engineRest(KEEPER_OPERATOR, HttpMethod.POST, "/task/" + sendTask + "/complete",
        variables(Map.of(), "hopCount", 0));

    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(record()).isEqualTo(before);
  }

  // 2. Redirecting a task at another report.

  @Test
  void ldiCannotRedirectItsAcknowledgementAtAnotherHospitalOrMonth() {
    String before = record();

    for (var redirect : List.of(Map.of("hospitalId", "hospital-c"), Map.of("period", "2023-05"),
        Map.of("ledgerKeeper", "hospital-a"), Map.of("hopIndex", 2), Map.of("hopCount", 3))) {
      var name = redirect.keySet().iterator().next();
      var forged = engineRest(LDI_OPERATOR, HttpMethod.POST, "/task/" + taskId() + "/complete",
          variables(rightFigures(), name, redirect.get(name)));

      assertThat(forged.getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(forged.getBody()).as(name).contains(name);
    }
    assertThat(record()).isEqualTo(before);
  }

  // 3. Expression evaluation by any authenticated user.

  @Test
  void noQueryEvaluatesAnExpressionOnAnyDoorForAnyUser() {
    Map<String, Object> orQuery =
        Map.of("orQueries", List.of(Map.of("assigneeExpression", "${partyGroups.operators('ldi')}")));
    String filterId = JsonPath.read(engineRest(LDI_OPERATOR, HttpMethod.GET, "/filter", null).getBody(), "$[0].id");

    assertThat(engineRest(LDI_OPERATOR, HttpMethod.POST, "/task/count", orQuery).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(engineRest(LDI_OPERATOR, HttpMethod.POST, "/task", orQuery).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(engineRest(LDI_OPERATOR, HttpMethod.POST, "/filter/" + filterId + "/count", orQuery).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(engineRest(LDI_OPERATOR, HttpMethod.GET, "/task?assigneeExpression=%24%7Bnow()%7D", null)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    // Escaped names are still names.
    var escaped = rest.withBasicAuth(LDI_OPERATOR, "demo").exchange("/engine-rest/task/count", HttpMethod.POST,
        jsonEntity("{\"orQueries\":[{\"assigneeExpr\\u0065ssion\":\"${now()}\"}]}"), String.class);
    assertThat(escaped.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    // Not even the administrator stores one in a filter.
    var storedByAdmin = engineRest("demo", HttpMethod.POST, "/filter/create", Map.of("resourceType", "Task",
        "name", "evaluates beans", "query", Map.of("candidateGroupExpression", "${partyGroups.operators('ldi')}")));
    assertThat(storedByAdmin.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(processEngine.getFilterService().createFilterQuery().filterName("evaluates beans").count()).isZero();

    var tasklist = WebappSession.login(rest, LDI_OPERATOR, "demo");
    assertThat(tasklist.post(WebappSession.ENGINE_API + "/task/count", orQuery).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tasklist.post(WebappSession.ENGINE_API + "/filter/" + filterId + "/list", orQuery).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);

    // The shared filters still work, with the expressions the product seeded.
    assertThat(tasklist.post(WebappSession.ENGINE_API + "/filter/" + filterId + "/count", Map.of()).getBody())
        .contains("\"count\":1");
  }

  // 4. Blindness.

  @Test
  void aReceiversGuessTellsItNothingThroughAnyChannel() {
    var sent = currentReport(DECEMBER);
    String sentPrefix = sent.digest().substring(0, 8);

    acknowledgeAndConfirm(LDI_OPERATOR, DECEMBER, 0, "00000000");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);

    List<String> channels = List.of(
        api(LDI_OPERATOR, "/api/audit/events?type=DISCREPANCY"),
        api(LDI_OPERATOR, "/api/audit/events"),
        api(LDI_OPERATOR, "/api/reports/hospital-a/2024-12"),
        api(LDI_OPERATOR, "/api/tasks"),
        engineRest(LDI_OPERATOR, HttpMethod.GET, "/history/variable-instance", null).getBody(),
        engineRest(LDI_OPERATOR, HttpMethod.GET, "/history/detail", null).getBody(),
        engineRest(LDI_OPERATOR, HttpMethod.GET, "/variable-instance", null).getBody(),
        engineRest(LDI_OPERATOR, HttpMethod.GET, "/task", null).getBody());
    assertThat(channels).allSatisfy(body -> assertThat(body).doesNotContain(sentPrefix)
        .doesNotContain("\"expected\"").doesNotContain("periodCount"));
    assertThat(api(LDI_OPERATOR, "/api/reports/hospital-a/2024-12/manifest")).contains("FORBIDDEN");
    assertThat(rest.withBasicAuth(LDI_OPERATOR, "demo").getForEntity("/api/reports/hospital-a/2024-12/manifest.txt",
        String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    // The comparison is the system's; the party that must fix it (the sender) sees the figures.
    assertThat(jdbc.queryForObject("select actor_user from optout.audit_event where event_type = 'DISCREPANCY'"
        + " order by id desc limit 1", String.class)).isEqualTo("system");
    assertThat(api(KEEPER_OPERATOR, "/api/reports/hospital-a/2024-12")).contains("\"expected\":1");
  }

  // 5. Escalation hands the watchers no write access.

  @Test
  void escalatedWatchersFollowTheTaskButCannotTakeItOver() {
    acknowledgeAndConfirm(LDI_OPERATOR, DECEMBER, 0, "00000000");
    moveClockTo(java.time.Instant.parse("2025-01-31T00:00:00Z"));
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.ESCALATED);
    String reconcile = taskId();
    String before = record();
    var links = taskService.getIdentityLinksForTask(reconcile).size();

    assertThat(engineRest(JMIMO_OPERATOR, HttpMethod.GET, "/task/" + reconcile, null).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // The watchers follow it in Tasklist's shared "Escalated" filter.
    String escalatedFilter = processEngine.getFilterService().createFilterQuery().filterName("上申済み / Escalated")
        .singleResult().getId();
    assertThat(WebappSession.login(rest, JMIMO_OPERATOR, "demo").post(WebappSession.ENGINE_API + "/filter/"
        + escalatedFilter + "/list", Map.of()).getBody()).contains(reconcile);
    var attempts = List.of(
        engineRest(JMIMO_OPERATOR, HttpMethod.POST, "/task/" + reconcile + "/variables",
            Map.of("modifications", Map.of("resolution", Map.of("value", "CORRECTED_REPORT")))),
        engineRest(JMIMO_OPERATOR, HttpMethod.POST, "/task/" + reconcile + "/claim", Map.of("userId", JMIMO_OPERATOR)),
        engineRest(JMIMO_OPERATOR, HttpMethod.POST, "/task/" + reconcile + "/assignee",
            Map.of("userId", "hospital-c-operator")),
        engineRest(JMIMO_OPERATOR, HttpMethod.POST, "/task/" + reconcile + "/identity-links/delete",
            Map.of("groupId", "nttdata-operators", "type", "candidate")),
        engineRest(JMIMO_OPERATOR, HttpMethod.POST, "/task/" + reconcile + "/complete",
            variables(Map.of("resolution", "CORRECTED_REPORT"), "resolutionReason", "taken over")),
        engineRest("nttdata-supervisor", HttpMethod.POST, "/task/" + reconcile + "/claim",
            Map.of("userId", "nttdata-supervisor")));

    assertThat(attempts).allSatisfy(response -> assertThat(response.getStatusCode().value()).isEqualTo(403));
    assertThat(taskService.getIdentityLinksForTask(reconcile)).hasSize(links);
    assertThat(taskService.createTaskQuery().taskId(reconcile).singleResult().getAssignee()).isNull();
    assertThat(record()).isEqualTo(before);
  }

  // 12. Smaller doors.

  @Test
  void noMonthBeforeTheFirstReportedOneCanBeStarted() {
    String before = record();

    var ancient = rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/periods/0000-01/reports",
        Map.of("clientRequestId", "start-year-zero"), String.class);
    var beforeFirst = rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/periods/2024-11/reports",
        Map.of("clientRequestId", "start-november"), String.class);

    assertThat(ancient.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(beforeFirst.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(beforeFirst.getBody()).contains("2024-12");
    assertThat(record()).isEqualTo(before);
  }

  @Test
  void twoConcurrentAcknowledgementsOfTheRightPartyAreOneDoneAndOneConflictNeverAForeignTask() throws Exception {
    var sent = currentReport(DECEMBER);
    var ready = new java.util.concurrent.CountDownLatch(1);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var answers = new java.util.ArrayList<java.util.concurrent.Future<ResponseEntity<String>>>();
      for (int i = 0; i < 2; i++) {
        String requestId = "ack-concurrent-" + i;
        answers.add(pool.submit(() -> {
          ready.await();
          return rest.withBasicAuth(LDI_OPERATOR, "demo").postForEntity(
              "/api/reports/hospital-a/2024-12/acknowledgement", Map.of("clientRequestId", requestId,
                  "count", sent.totalCount(), "digestPrefix", sent.digest().substring(0, 8)), String.class);
        }));
      }
      ready.countDown();
      var statuses = new java.util.ArrayList<Integer>();
      for (var answer : answers) {
        statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS).getStatusCode().value());
      }

      assertThat(statuses).containsOnlyOnce(200).doesNotContain(403, 500);
      assertThat(jdbc.queryForObject("select count(*) from optout.hop_acknowledgement", Integer.class)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // Helpers.

  private ResponseEntity<String> engineRest(String user, HttpMethod method, String path, Object body) {
    return rest.withBasicAuth(user, "demo").exchange("/engine-rest" + path, method,
        body == null ? null : new HttpEntity<>(body), String.class);
  }

  private String api(String user, String path) {
    return rest.withBasicAuth(user, "demo").getForEntity(path, String.class).getBody();
  }

  private static HttpEntity<String> jsonEntity(String json) {
    var headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
    return new HttpEntity<>(json, headers);
  }

  private Map<String, Object> rightFigures() {
    var sent = currentReport(DECEMBER);
    return Map.of("acknowledgedCount", sent.totalCount(), "digestPrefix", sent.digest().substring(0, 8));
  }

  private static Map<String, Object> variables(Map<String, Object> fields, String extraName, Object extraValue) {
    var variables = new java.util.LinkedHashMap<String, Object>();
    fields.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    variables.put(extraName, Map.of("value", extraValue));
    return Map.of("variables", variables);
  }

  private org.camunda.bpm.engine.runtime.ProcessInstance instance() {
    return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(HOSPITAL + ":" + DECEMBER + ":jmimo")
        .singleResult();
  }

  private String instanceId() {
    return instance().getId();
  }

  /** The report's one open task of a party (an escalation adds the escalated group's own task beside it). */
  private String taskId() {
    var partyTasks = taskService.createTaskQuery().processInstanceId(instanceId()).list().stream()
        .filter(task -> !"Task_HandleEscalation".equals(task.getTaskDefinitionKey())).toList();
    assertThat(partyTasks).hasSize(1);
    return partyTasks.get(0).getId();
  }

  /** What the record says of every report: statuses, hops, acknowledgements, discrepancies, events. */
  private String record() {
    return jdbc.queryForList("select hospital_id, period, status, current_hop, divergent_hop from optout.period_status"
        + " order by 1, 2").toString()
        + jdbc.queryForList("select report_id, hop, acknowledged_count from optout.hop_acknowledgement order by id")
        + jdbc.queryForList("select id, state from optout.monthly_report order by id")
        + jdbc.queryForList("select id, resolved_at from optout.discrepancy order by id")
        + jdbc.queryForObject("select count(*) from optout.audit_event", Integer.class)
        + runtimeService.createProcessInstanceQuery().list().stream().map(p -> p.getId()
            + runtimeService.getVariables(p.getId())).toList();
  }
}
