package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.support.ReportingTest;
import java.sql.SQLTransientConnectionException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/** What a request may carry into the record, and what a refusal may carry back. */
class BoundedInputTest extends ReportingTest {

  @Autowired ApiExceptionHandler handler;

  private Map<String, Object> entry(String requestId) {
    Map<String, Object> entry = new HashMap<>(Map.of("clientRequestId", requestId, "hospitalId", HOSPITAL,
        "patientKey", patientKey(requestId), "kind", "STOP_PROVISION", "receivedOn", "2024-12-09"));
    return entry;
  }

  private int ledgerRows() {
    return jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class);
  }

  @Test
  void aRefusalDoesNotEchoAHugeFieldBack() {
    Map<String, Object> entry = entry("echo-1");
    entry.put("kind", "K".repeat(500_000));

    var refused = rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/ledger/entries", entry, String.class);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) JsonPath.read(refused.getBody(), "$.field")).isEqualTo("kind");
    assertThat(refused.getBody().length()).isLessThan(Bounded.MESSAGE + 200);
    assertThat(ledgerRows()).isZero();
  }

  @Test
  void aJsonBodyOverOneMegabyteIsRefusedUnread() {
    Map<String, Object> entry = entry("big-1");
    entry.put("reason", "r".repeat(ApiInputBounds.MAX_JSON_BODY + 1));

    var refused = rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/ledger/entries", entry, String.class);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(refused.getBody().length()).isLessThan(500);
    assertThat(ledgerRows()).isZero();
  }

  @Test
  void aNulInAnyTextFieldIsRefusedNamingTheField() {
    long first = recordOptOut(HOSPITAL, patientKey("nul"), LocalDate.of(2024, 12, 9));
    Map<String, Object> correction = entry("nul-1");
    correction.put("correctsEntryId", first);
    correction.put("reason", "typo\u0000; drop table");

    var refused = rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/ledger/entries", correction,
        String.class);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) JsonPath.read(refused.getBody(), "$.field")).isEqualTo("reason");
    assertThat(ledgerRows()).isEqualTo(1);
    var escape = rest.withBasicAuth(KEEPER_OPERATOR, "demo").getForEntity(
        "/api/audit/events?hospital=hospital-a\u001b[2J", String.class);
    assertThat(escape.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void aFractionalCountIsRefusedNotRoundedDown() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    var instance = start("2024-12");

    var refused = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").postForEntity(
        "/api/reports/hospital-a/2024-12/declaration", Map.of("clientRequestId", "frac-1", "count", 1.5), String.class);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) JsonPath.read(refused.getBody(), "$.field")).isEqualTo("count");
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(instance)
        .isWaitingAt(ProcessKeys.TASK_DECLARE_COUNT);
  }

  @Test
  void aDatabaseOutageIsARetryable503OnBothApis() {
    for (Exception outage : new Exception[] {new CannotGetJdbcConnectionException("pool exhausted"),
        new CannotCreateTransactionException("no connection"),
        new ProcessEngineException(new SQLTransientConnectionException("connection is not available"))}) {
      var answer = handler.any(outage);
      assertThat(answer.getStatusCode()).as(outage.toString()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    }
    var engineRest = new EngineRestConfiguration.EngineFailures()
        .toResponse(new ProcessEngineException(new SQLTransientConnectionException("connection is not available")));
    assertThat(engineRest.getStatus()).isEqualTo(503);
    assertThat(engineRest.getHeaderString("Retry-After")).isEqualTo("5");
  }
}
