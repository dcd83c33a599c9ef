package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.process.ReportVariables;
import io.optoutchain.support.ReportingTest;
import io.optoutchain.support.WebappSession;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The monthly report over HTTP, as a party's own system would drive it. */
class MonthlyReportApiTest extends ReportingTest {

  private static final String PERIOD = "2024-12";
  private static final String REPORT = "/api/reports/hospital-a/2024-12";


  private ResponseEntity<String> post(String user, String path, Map<String, ?> body) {
    return rest.withBasicAuth(user, "demo").postForEntity(path, body, String.class);
  }

  private ResponseEntity<String> get(String user, String path) {
    return rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private static <T> T json(ResponseEntity<String> response, String path) {
    return JsonPath.read(response.getBody(), path);
  }

  private ResponseEntity<String> recordOptOutOverHttp(String requestId, String key, String receivedOn) {
    return post(HOSPITAL_OPERATOR, "/api/ledger/entries", Map.of("clientRequestId", requestId,
        "hospitalId", HOSPITAL, "patientKey", key, "kind", "STOP_PROVISION", "receivedOn", receivedOn));
  }

  /**
   * The hospital's system sends an opt-out (202: it enters the intake), and each hop of the intake route
   * confirms over HTTP, blind, the key's first 8 hex digits and the day received; the ledger keeper's
   * confirmation records it in the ledger.
   */
  private void optOutThroughIntakeOverHttp(String requestId, String key, String receivedOn) {
    var accepted = recordOptOutOverHttp(requestId, key, receivedOn);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String intake = json(accepted, "$.follow");
    for (String hop : List.of(LDI_OPERATOR, KEEPER_OPERATOR)) {
      assertThat(post(hop, intake + "/confirmation", Map.of("clientRequestId", requestId + "-" + hop,
          "keyPrefix", key.substring(0, 8), "receivedOn", receivedOn)).getStatusCode()).isEqualTo(HttpStatus.OK);
    }
    assertThat(json(get(HOSPITAL_OPERATOR, intake), "$.state").toString()).isEqualTo("RECORDED");
  }

  /** A receiver computes the digest of the manifest it was handed and acknowledges that. */
  private ResponseEntity<String> acknowledgeOverHttp(String user, String requestId, List<String> keysReceived) {
    var digest = post(user, "/api/manifests/digest", Map.of("period", PERIOD, "keys", keysReceived));
    return post(user, REPORT + "/acknowledgement", Map.<String, Object>of("clientRequestId", requestId,
        "count", json(digest, "$.count"), "digestPrefix", json(digest, "$.digestPrefix")));
  }

  /**
   * The final recipient digests its own exclusion list of the hospital, cumulative to the period's end,
   * as a report of the period (the same POST /api/manifests/digest), and confirms it applies that.
   */
  private ResponseEntity<String> confirmAppliedOverHttp(String requestId, List<String> keysApplied) {
    var digest = post(JMIMO_OPERATOR, "/api/manifests/digest", Map.of("period", PERIOD, "keys", keysApplied));
    return post(JMIMO_OPERATOR, REPORT + "/applied-confirmation", Map.<String, Object>of("clientRequestId", requestId,
        "count", json(digest, "$.count"), "digestPrefix", json(digest, "$.digestPrefix")));
  }

  /** The hospital digests its own keys for the period, as the report does, and declares the count and the prefix. */
  private ResponseEntity<String> declareOverHttp(String requestId, List<String> ownKeys) {
    var digest = post(HOSPITAL_OPERATOR, "/api/manifests/digest", Map.of("period", PERIOD, "keys", ownKeys));
    Map<String, Object> body = new HashMap<>(Map.<String, Object>of("clientRequestId", requestId,
        "count", json(digest, "$.count"), "digestPrefix", json(digest, "$.digestPrefix")));
    if (ownKeys.isEmpty()) {
      body.put("nilAttested", true);
    }
    return post(HOSPITAL_OPERATOR, REPORT + "/declaration", body);
  }

  @Test
  void wholeMonthOverHttp() {
    List<String> keys = List.of(patientKey("1"), patientKey("2")).stream().sorted().toList();
    optOutThroughIntakeOverHttp("ledger-1", keys.get(0), "2024-12-03");
    optOutThroughIntakeOverHttp("ledger-2", keys.get(1), "2024-12-24");
    assertThat(jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class)).isEqualTo(2);

    var started = post(KEEPER_OPERATOR, "/api/periods/2024-12/reports",
        Map.of("clientRequestId", "start-1", "hospitalIds", List.of(HOSPITAL)));
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);

    var declared = declareOverHttp("declare-1", keys);
    assertThat(declared.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json(declared, "$.nowWaitingFor") .toString()).contains("Task_ReviewAndSendReport");
    assertThat(jdbc.queryForObject("select declared_digest_prefix from optout.count_declaration", String.class))
        .isEqualTo(Declaration.digestPrefixOf(ReportingPeriod.parse(PERIOD),
            keys.stream().map(PatientKey::new).toList()));
    assertThat(post(KEEPER_OPERATOR, REPORT + "/send", Map.of("clientRequestId", "send-1")).getStatusCode())
        .isEqualTo(HttpStatus.OK);

    var sentManifest = get(KEEPER_OPERATOR, REPORT + "/manifest");
    assertThat(json(sentManifest, "$.keys").toString()).contains(keys.get(0)).contains(keys.get(1));
    // Keys only: the receiver counts and digests what it was handed, it is never told the figures.
    assertThat(sentManifest.getBody()).doesNotContain(currentReport(PERIOD).digest().substring(0, 8))
        .doesNotContain("\"count\"");
    assertThat(get(LDI_OPERATOR, REPORT + "/manifest").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    var ldiTasks = get(LDI_OPERATOR, "/api/tasks");
    assertThat(json(ldiTasks, "$.tasks[*].taskKey").toString()).contains("Task_AcknowledgeHop");
    assertThat(json(ldiTasks, "$.tasks[0].hospitalId").toString()).isEqualTo(HOSPITAL);
    assertThat(ldiTasks.getBody()).doesNotContain(currentReport(PERIOD).digest().substring(0, 8));

    assertThat(acknowledgeOverHttp(LDI_OPERATOR, "ack-ldi", keys).getStatusCode()).isEqualTo(HttpStatus.OK);
    var acknowledged = acknowledgeOverHttp(JMIMO_OPERATOR, "ack-jmimo", keys);
    assertThat(acknowledged.getStatusCode()).isEqualTo(HttpStatus.OK);
    // Acknowledging receipt is not enough: J-MIMO confirms, blind, that it applies them.
    assertThat(json(acknowledged, "$.nowWaitingFor").toString()).contains("Task_ConfirmApplied");
    assertThat(json(get(JMIMO_OPERATOR, REPORT), "$.status.status").toString()).isEqualTo("REPORTED");
    assertThat(confirmAppliedOverHttp("applied-jmimo", keys).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(jdbc.queryForObject("select applied_count from optout.applied_confirmation", Integer.class))
        .isEqualTo(2);

    var overview = get(JMIMO_OPERATOR, REPORT);
    assertThat(json(overview, "$.status.status").toString()).isEqualTo("RECONCILED");
    var statuses = get(KEEPER_OPERATOR, "/api/periods/2024-12/reports");
    assertThat(json(statuses, "$.items[0].status").toString()).isEqualTo("RECONCILED");
    assertThat(json(statuses, "$.total").toString()).isEqualTo("1");
  }

  @Test
  void theKeeperDownloadsTheFileFromItsReviewBeforeSendingAndItIsTheFileItSends() {
    recordOptOut(HOSPITAL, patientKey("before sending"), LocalDate.of(2024, 12, 4));
    start(PERIOD);
    declare(PERIOD, 1, false);

    // Reviewing, not yet sent: the file is the draft under review; a receiver still gets nothing.
    var beforeSending = get(KEEPER_OPERATOR, REPORT + "/manifest.txt");
    assertThat(beforeSending.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(beforeSending.getHeaders().getContentDisposition().getFilename())
        .isEqualTo("optout-report-hospital-a-2024-12-jmimo-v1.txt");
    assertThat(beforeSending.getBody()).isEqualTo("optout-report/v1 2024-12\n" + patientKey("before sending") + "\n");
    assertThat(get(LDI_OPERATOR, REPORT + "/manifest.txt").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // The JSON manifest stays the report of record: none yet.
    assertThat(get(KEEPER_OPERATOR, REPORT + "/manifest").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    sendCompiledReport(PERIOD);

    assertThat(get(KEEPER_OPERATOR, REPORT + "/manifest.txt").getBody()).isEqualTo(beforeSending.getBody())
        .isEqualTo(reports.manifestOf(ref(PERIOD), currentReport(PERIOD)).canonicalText());
  }

  @Test
  void badInputIsRefusedWithTheFieldAndTheReasonAndWritesNothing() {
    var badKey = recordOptOutOverHttp("bad-1", "Taro-Yamada-0001", "2024-12-03");
    assertThat(badKey.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(badKey, "$.field").toString()).isEqualTo("patientKey");
    assertThat(badKey.getBody()).doesNotContain("Taro");

    var future = recordOptOutOverHttp("bad-2", patientKey("1"), "2025-02-01");
    assertThat(future.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(future, "$.field").toString()).isEqualTo("receivedOn");

    var notADate = post(HOSPITAL_OPERATOR, "/api/ledger/entries", Map.of("clientRequestId", "bad-3",
        "hospitalId", HOSPITAL, "patientKey", patientKey("1"), "kind", "STOP_PROVISION", "receivedOn", "09/12/2024"));
    assertThat(notADate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(notADate, "$.field").toString()).isEqualTo("receivedOn");
    assertThat(jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from optout.intake_request", Integer.class)).isZero();

    start(PERIOD);
    var negative = post(HOSPITAL_OPERATOR, REPORT + "/declaration", Map.of("clientRequestId", "bad-4", "count", -1));
    assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(negative, "$.field").toString()).isEqualTo("count");
    var nil = post(HOSPITAL_OPERATOR, REPORT + "/declaration", Map.of("clientRequestId", "bad-5", "count", 0));
    assertThat(json(nil, "$.field").toString()).isEqualTo("nilAttested");
    assertThat(jdbc.queryForObject("select count(*) from optout.count_declaration", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from optout.client_request", Integer.class)).isZero();

    declareOverHttp("declare-1", List.of());
    post(KEEPER_OPERATOR, REPORT + "/send", Map.of("clientRequestId", "send-1"));
    var badPrefix = post(LDI_OPERATOR, REPORT + "/acknowledgement",
        Map.of("clientRequestId", "bad-6", "count", 0, "digestPrefix", "xyz"));
    assertThat(badPrefix.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(badPrefix, "$.field").toString()).isEqualTo("digestPrefix");
    assertThat(jdbc.queryForObject("select count(*) from optout.hop_acknowledgement", Integer.class)).isZero();
    assertThat(get(LDI_OPERATOR, "/api/tasks").getBody()).contains("Task_AcknowledgeHop");

    var unknownField = post(LDI_OPERATOR, REPORT + "/acknowledgement",
        Map.of("clientRequestId", "bad-7", "count", 0, "digest", "00000000"));
    assertThat(unknownField.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(unknownField, "$.field").toString()).isEqualTo("digest");
  }

  @Test
  void theRightCountOfTheWrongPatientsDoesNotReconcileUntilTheHospitalCorrectsItsDeclaration() {
    String patient = patientKey("1");
    optOutThroughIntakeOverHttp("ledger-1", patient, "2024-12-03");
    start(PERIOD);

    // One patient, as the ledger holds, but the digest of someone else's key: the numbers agree, the sets do not.
    assertThat(declareOverHttp("declare-1", List.of(patientKey("someone else"))).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    post(KEEPER_OPERATOR, REPORT + "/send", Map.of("clientRequestId", "send-1"));

    assertThat(discrepancies(PERIOD)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("DECLARATION_DIFFERS_FROM_LEDGER");
      assertThat(d.responsibleParty()).isEqualTo(HOSPITAL);
      assertThat(d.expected()).isEqualTo(1);
      assertThat(d.actual()).isEqualTo(1);
    });
    var overview = get(HOSPITAL_OPERATOR, REPORT);
    assertThat(json(overview, "$.status.status").toString()).isEqualTo("DISCREPANCY");
    assertThat(overview.getBody()).contains("in its keys").doesNotContain(patient)
        .doesNotContain(ledgerDigestPrefix(PERIOD));
    assertThat(json(get(HOSPITAL_OPERATOR, "/api/tasks"), "$.tasks[*].taskKey").toString())
        .contains("Task_ReconcileDiscrepancy");

    // A correction is a declaration too: without the prefix it is refused and changes nothing.
    var withoutPrefix = post(HOSPITAL_OPERATOR, REPORT + "/resolution", Map.of("clientRequestId", "fix-0",
        "resolution", "CORRECTED_DECLARATION", "reason", "digested the wrong list", "count", 1));
    assertThat(withoutPrefix.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(withoutPrefix, "$.field").toString()).isEqualTo("digestPrefix");
    assertThat(jdbc.queryForObject("select count(*) from optout.count_declaration", Integer.class)).isEqualTo(1);

    var digest = post(HOSPITAL_OPERATOR, "/api/manifests/digest", Map.of("period", PERIOD, "keys", List.of(patient)));
    var corrected = post(HOSPITAL_OPERATOR, REPORT + "/resolution", Map.of("clientRequestId", "fix-1",
        "resolution", "CORRECTED_DECLARATION", "reason", "digested the wrong list", "count", 1,
        "digestPrefix", json(digest, "$.digestPrefix").toString().toUpperCase()));
    assertThat(corrected.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(acknowledgeOverHttp(LDI_OPERATOR, "ack-ldi", List.of(patient)).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(acknowledgeOverHttp(JMIMO_OPERATOR, "ack-jmimo", List.of(patient)).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(confirmAppliedOverHttp("applied-jmimo", List.of(patient)).getStatusCode()).isEqualTo(HttpStatus.OK);

    assertThat(json(get(HOSPITAL_OPERATOR, REPORT), "$.status.status").toString()).isEqualTo("RECONCILED");
    assertThat(jdbc.queryForList("select declared_digest_prefix from optout.count_declaration order by id",
        String.class)).containsExactly(Declaration.digestPrefixOf(ReportingPeriod.parse(PERIOD),
            List.of(new PatientKey(patientKey("someone else")))), ledgerDigestPrefix(PERIOD));
  }

  @Test
  void aDeclarationWithoutEightHexDigitsOfItsDigestIsRefusedNamingTheFieldAndWritesNothing() {
    start(PERIOD);
    String prefix = ledgerDigestPrefix(PERIOD);
    List<Map<String, Object>> bad = List.of(
        Map.of("clientRequestId", "bad-1", "count", 0, "nilAttested", true, "digestPrefix", prefix.substring(0, 7)),
        Map.of("clientRequestId", "bad-2", "count", 0, "nilAttested", true, "digestPrefix", "xyz01234"),
        Map.of("clientRequestId", "bad-3", "count", 0, "nilAttested", true));

    for (Map<String, Object> body : bad) {
      var refused = post(HOSPITAL_OPERATOR, REPORT + "/declaration", body);
      assertThat(refused.getStatusCode()).as(body.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(json(refused, "$.field").toString()).isEqualTo("digestPrefix");
    }

    assertThat(jdbc.queryForObject("select count(*) from optout.count_declaration", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from optout.client_request", Integer.class)).isZero();
    assertThat(get(HOSPITAL_OPERATOR, "/api/tasks").getBody()).contains("Task_DeclareCount");
    // The same declaration with the prefix, given in capitals and spaces, is taken and stored normalised.
    var taken = post(HOSPITAL_OPERATOR, REPORT + "/declaration",
        Map.of("clientRequestId", "ok-1", "count", 0, "nilAttested", true, "digestPrefix", " " + prefix.toUpperCase() + " "));
    assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(jdbc.queryForObject("select declared_digest_prefix from optout.count_declaration", String.class))
        .isEqualTo(prefix);
  }

  @Test
  void retryWithTheSameClientRequestIdHasNoSecondEffect() {
    var first = recordOptOutOverHttp("ledger-1", patientKey("1"), "2024-12-03");
    var retry = recordOptOutOverHttp("ledger-1", patientKey("1"), "2024-12-03");

    // The hospital's opt-out enters the intake (202); the retry answers the same, and starts nothing again.
    assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(retry.getHeaders().getFirst("Idempotent-Replay")).isEqualTo("true");
    assertThat(json(retry, "$.intakeId").toString()).isEqualTo(json(first, "$.intakeId").toString());
    assertThat(jdbc.queryForObject("select count(*) from optout.intake_request", Integer.class)).isEqualTo(1);

    var reused = recordOptOutOverHttp("ledger-1", patientKey("2"), "2024-12-03");
    assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    String intake = json(first, "$.follow");
    for (String hop : List.of(LDI_OPERATOR, KEEPER_OPERATOR)) {
      var confirmed = post(hop, intake + "/confirmation", Map.of("clientRequestId", "confirm-" + hop,
          "keyPrefix", patientKey("1").substring(0, 8), "receivedOn", "2024-12-03"));
      assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
      var confirmedAgain = post(hop, intake + "/confirmation", Map.of("clientRequestId", "confirm-" + hop,
          "keyPrefix", patientKey("1").substring(0, 8), "receivedOn", "2024-12-03"));
      assertThat(confirmedAgain.getHeaders().getFirst("Idempotent-Replay")).isEqualTo("true");
    }
    assertThat(jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class)).isEqualTo(1);

    start(PERIOD);
    declareOverHttp("declare-1", List.of(patientKey("1")));
    post(KEEPER_OPERATOR, REPORT + "/send", Map.of("clientRequestId", "send-1"));
    assertThat(acknowledgeOverHttp(LDI_OPERATOR, "ack-ldi", List.of(patientKey("1"))).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    var ackRetry = acknowledgeOverHttp(LDI_OPERATOR, "ack-ldi", List.of(patientKey("1")));
    assertThat(ackRetry.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ackRetry.getHeaders().getFirst("Idempotent-Replay")).isEqualTo("true");
    assertThat(jdbc.queryForObject("select count(*) from optout.hop_acknowledgement", Integer.class)).isEqualTo(1);
    assertThat(get(JMIMO_OPERATOR, "/api/tasks").getBody()).contains("Task_AcknowledgeHop");
  }

  @Test
  void aCompletionOverTheEngineRestApiOrInTasklistHasRunItsCheckWhenItAnswers() {
    // Given a declared month.
    recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));
    start(PERIOD);
    declare(PERIOD, 1, null);

    // When the keeper sends it over /engine-rest (no job executor runs in tests) ...
    String send = taskService.createTaskQuery().taskDefinitionKey(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT)
        .singleResult().getId();
    var sent = post(KEEPER_OPERATOR, "/engine-rest/task/" + send + "/complete", Map.of("variables", Map.of()));

    // Then by its answer the report's check has run: LDI's acknowledgement waits, no check does.
    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(tasks.waitingFor(ref(PERIOD))).containsExactly(ProcessKeys.TASK_ACKNOWLEDGE_HOP);

    // When LDI acknowledges in Tasklist (the webapps' engine API) ...
    SentReport report = currentReport(PERIOD);
    String acknowledge = taskService.createTaskQuery().taskDefinitionKey(ProcessKeys.TASK_ACKNOWLEDGE_HOP)
        .singleResult().getId();
    var acknowledged = WebappSession.login(rest, LDI_OPERATOR, "demo").post(WebappSession.ENGINE_API + "/task/"
        + acknowledge + "/submit-form", Map.of("variables", Map.of(
            ReportVariables.ACKNOWLEDGED_COUNT, Map.of("value", report.totalCount(), "type", "Integer"),
            ReportVariables.DIGEST_PREFIX, Map.of("value", report.digest().substring(0, 8), "type", "String"))));

    // Then by its answer the acknowledgement's check has run: J-MIMO's acknowledgement waits.
    assertThat(acknowledged.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(tasks.waitingFor(ref(PERIOD))).containsExactly(ProcessKeys.TASK_ACKNOWLEDGE_HOP);
    assertThat(taskService.createTaskQuery().taskDefinitionKey(ProcessKeys.TASK_ACKNOWLEDGE_HOP)
        .taskCandidateGroup("jmimo-operators").count()).isOne();
  }

  @Test
  void engineRestRefusesBadFormValuesWithTheReasonToo() {
    start(PERIOD);
    String taskId = JsonPath.read(get(HOSPITAL_OPERATOR, "/engine-rest/task?taskDefinitionKey=Task_DeclareCount")
        .getBody(), "$[0].id");

    var negative = post(HOSPITAL_OPERATOR, "/engine-rest/task/" + taskId + "/complete",
        Map.of("variables", Map.of("declaredCount", Map.of("value", -1, "type", "Integer"))));

    assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(negative, "$.field").toString()).isEqualTo("count");
    assertThat(json(negative, "$.message").toString()).contains("cannot be negative");
    assertThat(jdbc.queryForObject("select count(*) from optout.count_declaration", Integer.class)).isZero();
    assertThat(get(HOSPITAL_OPERATOR, "/api/tasks").getBody()).contains("Task_DeclareCount");
  }

  @Test
  void startingNamedHospitalsIsAllOrNothing() {
    start(PERIOD);

    var again = post(KEEPER_OPERATOR, "/api/periods/2024-12/reports",
        Map.of("clientRequestId", "start-b-and-a", "hospitalIds", List.of("hospital-b", HOSPITAL)));

    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(json(again, "$.message").toString()).contains("hospital-a").contains("already been started");
    assertThat(runtimeService.createProcessInstanceQuery().count()).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from optout.period_status", Integer.class)).isEqualTo(1);

    // The keeper of every hospital's ledger may start them all (202, in the background: PeriodStartTest) ...
    var all = post(KEEPER_OPERATOR, "/api/periods/2024-12/reports", Map.of("clientRequestId", "start-all"));
    assertThat(all.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(jdbc.queryForObject("select count(*) from optout.period_status", Integer.class)).isEqualTo(1);
    // ... but not a month that has not ended.
    var notOver = post(KEEPER_OPERATOR, "/api/periods/2025-01/reports", Map.of("clientRequestId", "start-jan"));
    assertThat(notOver.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(notOver, "$.field").toString()).isEqualTo("period");
    var hospitalCannotStart = post(HOSPITAL_OPERATOR, "/api/periods/2024-11/reports",
        Map.of("clientRequestId", "start-nov", "hospitalIds", List.of(HOSPITAL)));
    assertThat(hospitalCannotStart.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  /**
   * The receiver acknowledging once more after its hop has passed (a second request that lost the
   * race to the first, or a retry under a new id) is told its step is done, not that the next
   * hop's task is another party's: the race was seen as 403 in a full run of ForgeryTest.
   */
  @Test
  void aReceiverAcknowledgingAgainAfterItsHopPassedIsAConflictNotAForeignTask() {
    recordOptOut(HOSPITAL, patientKey("1"), java.time.LocalDate.of(2024, 12, 3));
    start(PERIOD);
    declareOverHttp("declare-1", List.of(patientKey("1")));
    post(KEEPER_OPERATOR, REPORT + "/send", Map.of("clientRequestId", "send-1"));
    assertThat(acknowledgeOverHttp(LDI_OPERATOR, "ack-ldi-1", List.of(patientKey("1"))).getStatusCode())
        .isEqualTo(HttpStatus.OK);

    var again = acknowledgeOverHttp(LDI_OPERATOR, "ack-ldi-2", List.of(patientKey("1")));

    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(jdbc.queryForObject("select count(*) from optout.hop_acknowledgement", Integer.class)).isEqualTo(1);
  }

  @Test
  void aPartyCannotAcknowledgeAHopThatIsNotItsOwn() {
    recordOptOut(HOSPITAL, patientKey("1"), java.time.LocalDate.of(2024, 12, 3));
    start(PERIOD);
    declareOverHttp("declare-1", List.of(patientKey("1")));
    post(KEEPER_OPERATOR, REPORT + "/send", Map.of("clientRequestId", "send-1"));

    var wrongParty = acknowledgeOverHttp(JMIMO_OPERATOR, "ack-jmimo", List.of(patientKey("1")));

    assertThat(wrongParty.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(json(wrongParty, "$.message").toString()).contains("not your party's");
    assertThat(jdbc.queryForObject("select count(*) from optout.hop_acknowledgement", Integer.class)).isZero();
  }

  @Test
  void aHospitalSeesNeitherAnotherHospitalsReportNorItsTasks() {
    start(PERIOD);

    assertThat(get("hospital-b-operator", REPORT).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    var declared = post("hospital-b-operator", REPORT + "/declaration",
        Map.of("clientRequestId", "x", "count", 1, "digestPrefix", "3fa9c01b"));
    assertThat(declared.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(json(get("hospital-b-operator", "/api/tasks"), "$.tasks").toString()).isEqualTo("[]");
  }

  @Test
  void nothingButTheHealthCheckIsAnonymous() {
    assertThat(rest.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(rest.getForEntity("/api/tasks", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.postForEntity("/api/ledger/entries", Map.of(), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/engine-rest/task", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.withBasicAuth("nobody", "wrong").getForEntity("/api/tasks", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
