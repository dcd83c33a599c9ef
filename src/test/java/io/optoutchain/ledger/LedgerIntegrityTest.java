package io.optoutchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Issue 8: one opt-out is one ledger entry (and so at most one recall), whichever way it is sent
 * again; and a received date is a date the Act could have applied to.
 */
class LedgerIntegrityTest extends ReportingTest {

  private ResponseEntity<String> post(String requestId, String key, String kind, String receivedOn) {
    return rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/ledger/entries", Map.of(
        "clientRequestId", requestId, "hospitalId", HOSPITAL, "patientKey", key, "kind", kind,
        "receivedOn", receivedOn), String.class);
  }

  private static long entryId(ResponseEntity<String> response) {
    return ((Number) JsonPath.read(response.getBody(), "$.entryId")).longValue();
  }

  private int entries() {
    return jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class);
  }

  // B: the same opt-out twice

  @Test
  void theSameOptOutSentAgainWithANewClientRequestIdGetsTheFirstEntryBack() {
    String patient = patientKey("1");
    var first = post("c-1", patient, "STOP_PROVISION", "2024-12-09");

    var retry = post("c-2", patient, "STOP_PROVISION", "2024-12-09");
    var sameKeyAnotherDay = post("c-3", patient, "STOP_PROVISION", "2024-12-10");

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(entryId(retry)).isEqualTo(entryId(first));
    assertThat((Boolean) JsonPath.read(retry.getBody(), "$.alreadyRecorded")).isTrue();
    assertThat(entryId(sameKeyAnotherDay)).isEqualTo(entryId(first));
    assertThat(entries()).isEqualTo(1);
  }

  @Test
  void theSameOptOutSentTwiceForReleasedDataOpensOneRecall() {
    start("2024-12");
    declare("2024-12", 0, true);
    sendCompiledReport("2024-12");
    acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, "2024-12");
    confirmAppliedAsTheLedgerHasIt("2024-12");
    String patient = patientKey("released");
    var registered = uploadRelease("r-1", "datauser-1", "2024-12-31", HOSPITAL, keyLines(HOSPITAL, List.of(patient)));
    approveRelease(((Number) JsonPath.read(registered.getBody(), "$.releaseId")).longValue(), "d-1");

    post("c-1", patient, "STOP_PROVISION", "2025-01-06");
    post("c-2", patient, "STOP_PROVISION", "2025-01-06");

    assertThat(jdbc.queryForObject("select count(*) from optout.recall", Integer.class)).isEqualTo(1);
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("OptOutRecall").count()).isEqualTo(1);
    assertThat(entries()).isEqualTo(1);
  }

  @Test
  void aDeleteRequestAfterAStopRequestIsItsOwnEntry() {
    String patient = patientKey("1");
    var stop = post("c-1", patient, "STOP_PROVISION", "2024-12-09");

    var delete = post("c-2", patient, "DELETE", "2024-12-20");

    assertThat(delete.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(entryId(delete)).isNotEqualTo(entryId(stop));
    assertThat(entries()).isEqualTo(2);
  }

  @Test
  void twoConcurrentSendsOfTheSameOptOutMakeOneEntry() throws Exception {
    String patient = patientKey("1");
    CountDownLatch ready = new CountDownLatch(2);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<ResponseEntity<String>>> sent = List.of("c-1", "c-2").stream().map(id -> threads.submit(() -> {
        ready.countDown();
        go.await();
        return post(id, patient, "STOP_PROVISION", "2024-12-09");
      })).toList();
      ready.await(10, TimeUnit.SECONDS);
      go.countDown();
      var a = sent.get(0).get(30, TimeUnit.SECONDS);
      var b = sent.get(1).get(30, TimeUnit.SECONDS);

      assertThat(List.of(a.getStatusCode(), b.getStatusCode()))
          .containsExactlyInAnyOrder(HttpStatus.CREATED, HttpStatus.OK);
      assertThat(entryId(a)).isEqualTo(entryId(b));
      assertThat(entries()).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void theDatabaseRefusesASecondActiveEntryForTheSameHospitalKeyAndKind() {
    long first = recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));

    assertThatThrownBy(() -> jdbc.update("insert into optout.ledger_entry (hospital_id, patient_key, kind, received_on,"
        + " recorded_at, recorded_by) values (?, ?, 'STOP_PROVISION', date '2024-12-10', now(), 'someone')",
        HOSPITAL, patientKey("1"))).hasMessageContaining("already");
    assertThat(entries()).isEqualTo(1);
    assertThat(jdbc.queryForObject("select id from optout.ledger_entry", Long.class)).isEqualTo(first);
  }

  @Test
  void aCorrectionOfTheEntryForTheSameKeyIsStillTaken() {
    long first = recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2025, 1, 4));

    var correction = rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/ledger/entries", Map.of(
        "clientRequestId", "c-2", "hospitalId", HOSPITAL, "patientKey", patientKey("1"), "kind", "STOP_PROVISION",
        "receivedOn", "2024-12-09", "correctsEntryId", first, "reason", "the hospital received it in December"),
        String.class);

    assertThat(correction.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(entries()).isEqualTo(2);
  }

  // E: received dates the Act could not have applied to

  @Test
  void aReceivedDateBeforeTheActOrInTheFutureIsRefusedNamingTheField() {
    String patient = patientKey("1");

    var yearOne = post("e-1", patient, "STOP_PROVISION", "0001-01-01");
    var dayBefore = post("e-2", patient, "STOP_PROVISION", "2017-05-29");
    var tomorrow = post("e-3", patient, "STOP_PROVISION", "2025-01-07");

    for (var refused : List.of(yearOne, dayBefore, tomorrow)) {
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) JsonPath.read(refused.getBody(), "$.field")).isEqualTo("receivedOn");
    }
    assertThat(yearOne.getBody()).contains("2017-05-30");
    assertThat(entries()).isZero();
    assertThat(post("e-4", patient, "STOP_PROVISION", "2017-05-30").getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }
}
