package io.optoutchain.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.support.ReportingTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Issue 8: no party can forge the release record it is checked by. Each attack goes through the
 * channel where it was found (/api, /engine-rest), fails, and leaves the record as it was.
 */
class ReleaseIntegrityTest extends ReportingTest {

  private static final String COMPLIANCE = "jmimo-compliance";

  @Autowired TaskService taskService;
  @Autowired ReleaseService releaseService;
  @LocalServerPort int port;

  private long auditBefore;

  @BeforeEach
  void rememberWhereTheAuditTrailWas() {
    auditBefore = jdbc.queryForObject("select coalesce(max(id), 0) from optout.audit_event", Long.class);
  }

  private List<String> auditSince(String eventType) {
    return jdbc.queryForList("select payload from optout.audit_event where id > ? and event_type = ? order by id",
        String.class, auditBefore, eventType);
  }

  private void reconciledDecember() {
    start("2024-12");
    declare("2024-12", 0, true);
    sendCompiledReport("2024-12");
    acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, "2024-12");
    confirmAppliedAsTheLedgerHasIt("2024-12");
  }

  private long register(String requestId, List<String> keys) {
    var registered = uploadRelease(requestId, "datauser-1", "2024-12-31", HOSPITAL, keyLines(HOSPITAL, keys));
    assertThat(registered.getStatusCode()).as(registered.getBody()).isEqualTo(HttpStatus.CREATED);
    return ((Number) JsonPath.read(registered.getBody(), "$.releaseId")).longValue();
  }

  private Map<String, Object> row(long releaseId) {
    return jdbc.queryForMap("select status, digest, decided_by, key_count from optout.data_release where id = ?",
        releaseId);
  }

  private String approvalTaskId() {
    return JsonPath.read(rest.withBasicAuth(COMPLIANCE, "demo")
        .getForEntity("/engine-rest/task?taskDefinitionKey=Task_ApproveRelease", String.class).getBody(), "$[0].id");
  }

  private ResponseEntity<String> recordOptOutThroughApi(String requestId, String key, String receivedOn) {
    return rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/ledger/entries", Map.of(
        "clientRequestId", requestId, "hospitalId", HOSPITAL, "patientKey", key, "kind", "STOP_PROVISION",
        "receivedOn", receivedOn), String.class);
  }

  // A: an opt-out recorded while a release waits for approval

  @Test
  void optOutRecordedWhileTheReleaseAwaitsApprovalStopsItBeforeItIsReleased() {
    reconciledDecember();
    String patient = patientKey("changed her mind");
    long id = register("r-1", List.of(patient, patientKey("p1")));
    assertThat(row(id)).containsEntry("status", "AWAITING_APPROVAL");

    var optOut = recordOptOutThroughApi("o-1", patient, "2025-01-06");
    assertThat(optOut.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    var approved = approveRelease(id, "d-1");

    assertThat(approved.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(row(id)).containsEntry("status", "BLOCKED_BY_OPT_OUTS").containsEntry("digest", null)
        .containsEntry("decided_by", null);
    assertThat(auditSince("RELEASED")).isEmpty();
    assertThat(auditSince("RELEASE_BLOCKED")).anySatisfy(p -> assertThat(p).contains("\"releaseId\":" + id));
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("DatasetRelease").count()).isZero();
    assertThat(jdbc.queryForObject("select count(*) from optout.recall", Integer.class)).isZero();
  }

  @Test
  void theStepThatRecordsTheReleaseChecksTheLedgerAgainAsOfThatMoment() {
    reconciledDecember();
    String patient = patientKey("late entry");
    long id = register("r-1", List.of(patient, patientKey("p1")));
    // An entry that reached the ledger without passing through the application's events
    // (another instance, a restore): the recording step must still see it.
    jdbc.update("insert into optout.ledger_entry (hospital_id, patient_key, kind, received_on, recorded_at, recorded_by)"
        + " values (?, ?, 'STOP_PROVISION', date '2025-01-06', now(), 'nttdata-operator')", HOSPITAL, patient);

    var approved = approveRelease(id, "d-1");

    assertThat(approved.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(row(id)).containsEntry("status", "BLOCKED_BY_OPT_OUTS").containsEntry("digest", null);
    assertThat(auditSince("RELEASED")).isEmpty();
    assertThat(auditSince("RELEASE_BLOCKED")).anySatisfy(p -> assertThat(p).contains("AT_RELEASE"));
    assertThat(historyService.createHistoricActivityInstanceQuery().activityId("EndEvent_BlockedAtRelease").count())
        .isEqualTo(1);
  }

  @Test
  void rewritingReleaseIdOnTheApprovalTaskCannotReleaseABlockedRelease() {
    reconciledDecember();
    String patient = patientKey("opted out");
    recordOptOut(HOSPITAL, patient, LocalDate.of(2025, 1, 5));
    long blocked = register("r-1", List.of(patient, patientKey("p1")));
    long clean = register("r-2", List.of(patientKey("p2")));
    assertThat(row(blocked)).containsEntry("status", "BLOCKED_BY_OPT_OUTS");
    Map<String, Object> blockedBefore = row(blocked);

    var forged = rest.withBasicAuth(COMPLIANCE, "demo").postForEntity("/engine-rest/task/" + approvalTaskId()
        + "/complete", Map.of("variables", Map.of(
            "releaseId", Map.of("value", blocked, "type", "Long"),
            "approved", Map.of("value", true, "type", "Boolean"),
            "decisionReason", Map.of("value", "looks fine", "type", "String"))), String.class);

    // releaseId is not a field of the approval form: the completion is refused and nothing changes.
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getBody()).contains("releaseId");
    assertThat(row(blocked)).isEqualTo(blockedBefore);
    assertThat(auditSince("RELEASED")).isEmpty();
    assertThat(row(clean)).containsEntry("status", "AWAITING_APPROVAL");
  }

  @Test
  void aDecisionOnAReleaseThatIsNotAwaitingApprovalIsRefusedAndChangesNothing() {
    reconciledDecember();
    String patient = patientKey("opted out");
    recordOptOut(HOSPITAL, patient, LocalDate.of(2025, 1, 5));
    long blocked = register("r-1", List.of(patient));
    Map<String, Object> before = row(blocked);

    var refused = org.assertj.core.api.Assertions.catchThrowable(() -> as(COMPLIANCE,
        () -> releaseService.decide(blocked, true, "approve it anyway", currentActor.requireParty())));

    assertThat(refused).isInstanceOf(io.optoutchain.error.Rejected.class).hasMessageContaining("not awaiting approval");
    assertThat(row(blocked)).isEqualTo(before);
  }

  @Test
  void anApprovalLeftWaitingPastItsDueDateIsEscalatedToTheProducersSupervisors() {
    reconciledDecember();
    long id = register("r-1", List.of(patientKey("p1")));
    String instance = runtimeService.createProcessInstanceQuery().processDefinitionKey("DatasetRelease")
        .singleResult().getId();
    Instant due = timerDue(instance, "Timer_ApprovalOverdue");
    assertThat(due).isAfterOrEqualTo(START.plus(Duration.ofDays(3)));

    moveClockTo(due.plusSeconds(60));

    assertThat(jdbc.queryForList("select escalated_to from optout.release_escalation where release_id = ?",
        String.class, id)).containsExactly("jmimo-supervisors");
    assertThat(auditSince("RELEASE_ESCALATION")).hasSize(1);
    String taskId = taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_ApproveRelease")
        .singleResult().getId();
    // The supervisors follow the task; the decision stays the compliance officer's.
    assertThat(taskService.getIdentityLinksForTask(taskId)).extracting(IdentityLink::getGroupId)
        .contains("jmimo-compliance");
    assertFollowedNotTakenBy(taskService.createTaskQuery().taskId(taskId).singleResult(), "jmimo-supervisors");
    assertThat(row(id)).containsEntry("status", "AWAITING_APPROVAL");
  }

  // C: the same clientRequestId with other keys

  @Test
  void theSameClientRequestIdWithOtherKeysIsRefusedAndWithTheSameKeysReplayed() {
    reconciledDecember();
    String first = keyLines(HOSPITAL, List.of(patientKey("p1"), patientKey("p2")));
    var registered = uploadRelease("r-1", "datauser-1", "2024-12-31", HOSPITAL, first);
    long id = ((Number) JsonPath.read(registered.getBody(), "$.releaseId")).longValue();

    var otherKeys = uploadRelease("r-1", "datauser-1", "2024-12-31", HOSPITAL,
        keyLines(HOSPITAL, List.of(patientKey("p1"), patientKey("p3"))));
    var sameKeys = uploadRelease("r-1", "datauser-1", "2024-12-31", HOSPITAL, first);

    assertThat(otherKeys.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(sameKeys.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(sameKeys.getHeaders().getFirst("Idempotent-Replay")).isEqualTo("true");
    assertThat(((Number) JsonPath.read(sameKeys.getBody(), "$.releaseId")).longValue()).isEqualTo(id);
    assertThat(jdbc.queryForObject("select count(*) from optout.data_release", Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForList("select patient_key from optout.release_key order by patient_key", String.class))
        .containsExactlyInAnyOrder(patientKey("p1"), patientKey("p2"));
  }

  // D: unbounded uploads

  @Test
  void aFiveMegabyteSingleLineIsRefusedAtOnceWithoutEchoAndTheNextUploadWorks() throws Exception {
    reconciledDecember();
    byte[] oneLine = new byte[5 * 1024 * 1024];
    Arrays.fill(oneLine, (byte) 'a');

    long startedAt = System.nanoTime();
    String answer = rawUpload("clientRequestId=big-1&dataUser=datauser-1&cutoff=2024-12-31&hospitals=" + HOSPITAL,
        oneLine.length, oneLine);
    Duration took = Duration.ofNanos(System.nanoTime() - startedAt);

    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).contains("\"field\":\"keys\"").contains("longer than").doesNotContain("a".repeat(65));
    assertThat(took).isLessThan(Duration.ofSeconds(20));
    assertThat(jdbc.queryForObject("select count(*) from pg_stat_activity where state = 'active'"
        + " and query ilike 'copy optout.release_key%'", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from optout.data_release", Integer.class)).isZero();

    register("r-after", List.of(patientKey("p1")));
    assertThat(jdbc.queryForObject("select count(*) from optout.data_release", Integer.class)).isEqualTo(1);
  }

  @Test
  void anUploadLargerThanTheConfiguredLimitIsRefusedBeforeItIsRead() throws Exception {
    reconciledDecember();

    String answer = rawUpload("clientRequestId=huge-1&dataUser=datauser-1&cutoff=2024-12-31&hospitals=" + HOSPITAL,
        100L * 1024 * 1024 * 1024, (HOSPITAL + "," + patientKey("p1") + "\n").getBytes(StandardCharsets.US_ASCII));

    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).contains("\"field\":\"keys\"").contains("bytes");
    assertThat(jdbc.queryForObject("select count(*) from optout.data_release", Integer.class)).isZero();
  }

  @Test
  void aRefusedLineIsNotEchoedBeyondSixtyFourCharacters() {
    reconciledDecember();
    String longHospital = "h".repeat(150);

    var refused = uploadRelease("b-1", "datauser-1", "2024-12-31", HOSPITAL, longHospital + "," + patientKey("p1") + "\n");

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).contains("line 1").doesNotContain("h".repeat(65));
  }

  /**
   * Sends the request head, then the body from another thread, and reads the answer as it comes:
   * the server may answer, and close, long before the body has been sent.
   */
  private String rawUpload(String query, long contentLength, byte[] body) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String auth = Base64.getEncoder().encodeToString((JMIMO_OPERATOR + ":demo").getBytes(StandardCharsets.UTF_8));
      out.write(("POST /api/releases?" + query + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
          + "\r\nContent-Type: text/csv\r\nX-Requested-By: optout-chain\r\nContent-Length: " + contentLength + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread writer = new Thread(() -> {
        try {
          for (int at = 0; at < body.length; at += 65_536) {
            out.write(body, at, Math.min(65_536, body.length - at));
          }
          out.flush();
        } catch (IOException closedByServer) {
          // The server answered and closed the connection; what it said is read below.
        }
      });
      writer.start();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; !complete(answer.toString(StandardCharsets.UTF_8)) && (n = in.read(buffer)) >= 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketException reset) {
        // A reset after the answer: keep what arrived.
      }
      socket.close();
      writer.join(10_000);
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  /** A whole HTTP answer: its head, and its body by Content-Length or to the last chunk. */
  private static boolean complete(String answer) {
    int headEnd = answer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      return false;
    }
    String head = answer.substring(0, headEnd).toLowerCase();
    var length = java.util.regex.Pattern.compile("content-length: (\\d+)").matcher(head);
    if (length.find()) {
      return answer.getBytes(StandardCharsets.UTF_8).length - headEnd - 4 >= Integer.parseInt(length.group(1));
    }
    return !head.contains("transfer-encoding: chunked") || answer.endsWith("0\r\n\r\n");
  }
}
