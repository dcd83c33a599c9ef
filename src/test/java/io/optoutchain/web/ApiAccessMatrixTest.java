package io.optoutchain.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;

/**
 * Every endpoint, called by nobody and by each role, with December 2024 of hospital-a waiting for
 * its declaration. Commands carry values that would be refused, so the answer shows which layer
 * stopped the caller: 401 no login, 403 not the caller's to do, 404 not the caller's to see,
 * 409 not waiting for that, 400 reached the business rules.
 */
class ApiAccessMatrixTest extends ReportingTest {

  private static final List<String> ROLES = List.of("anonymous", "hospital-a-operator", "hospital-b-operator",
      "nttdata-operator", "ldi-operator", "jmimo-operator", "jmimo-compliance", "regulator", "demo");


  static Stream<Arguments> endpoints() {
    String key = patientKey("matrix");
    return Stream.of(
        row("GET /actuator/health", null, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET /actuator/health/liveness", null, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET /actuator/health/readiness", null, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        // The product's gauges: the administrator ("demo") only. Any logged-in user reads the API's description.
        row("GET /actuator/prometheus", null, 401, 403, 403, 403, 403, 403, 403, 403, 200),
        row("GET /actuator/env", null, 401, 404, 404, 404, 404, 404, 404, 404, 404),
        row("GET /api/openapi.json", null, 401, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET /api/tasks", null, 401, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET /engine-rest/task", null, 401, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET /api/periods/2024-12/reports", null, 401, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET /api/reports/hospital-a/2024-12", null, 401, 200, 404, 200, 200, 200, 200, 200, 200),
        row("GET /api/reports/hospital-a/2024-12/manifest", null, 401, 403, 404, 409, 403, 403, 403, 403, 409),
        // The hospital's opt-out enters the intake (202); the ledger keeper records it straight away (201);
        // LDI, a hop of the intake route, sending it then finds that entry (200).
        row("POST /api/ledger/entries", Map.of("hospitalId", "hospital-a", "patientKey", key,
            "kind", "STOP_PROVISION", "receivedOn", "2024-12-09"), 401, 202, 403, 201, 200, 403, 403, 403, 403),
        // Intake: the hospital (or a hop other than the keeper) hands a request in (202; LDI then finds the same
        // request in intake, 202 again); the keeper records directly instead (403 here).
        row("POST /api/intake", Map.of("hospitalId", "hospital-a", "patientKey", key,
            "kind", "STOP_PROVISION", "receivedOn", "2024-12-09"), 401, 202, 403, 403, 202, 403, 403, 403, 403),
        // A certified producer of the hospital (LDI, J-MIMO) hands in its call centre's request, under its own
        // reference (J-MIMO's compliance officer then finds J-MIMO's); no one else does.
        row("POST /api/intake/call-centre", Map.of("hospitalId", "hospital-a", "reference", "CC-1",
            "kind", "STOP_PROVISION", "receivedOn", "2024-12-09"), 401, 403, 403, 403, 202, 202, 202, 403, 403),
        row("GET /api/intake?hospitalId=hospital-a", null, 401, 200, 403, 403, 403, 403, 403, 200, 200),
        row("GET /api/intake/tasks", null, 401, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET /api/intake/1", null, 401, 404, 404, 404, 404, 404, 404, 404, 404),
        row("POST /api/periods/2025-01/reports", Map.of("hospitalIds", List.of("hospital-a")),
            401, 403, 403, 400, 403, 403, 403, 403, 400),
        // Every hospital at once: the administrator, or the keeper of every hospital's ledger (NTT Data here);
        // January has not ended (400). Following a month's start: they and the regulator (none started: 404).
        row("POST /api/periods/2025-01/reports", Map.of(), 401, 403, 403, 400, 403, 403, 403, 403, 400),
        row("GET /api/periods/2024-12/start", null, 401, 403, 403, 404, 403, 403, 403, 404, 404),
        row("POST /api/reports/hospital-a/2024-12/declaration", Map.of("count", -1),
            401, 400, 404, 403, 403, 403, 403, 403, 403),
        row("POST /api/reports/hospital-a/2024-12/send", Map.of(), 401, 409, 404, 409, 409, 409, 409, 403, 403),
        row("POST /api/reports/hospital-a/2024-12/acknowledgement", Map.of("count", 1, "digestPrefix", "00000000"),
            401, 409, 404, 409, 409, 409, 409, 403, 403),
        row("POST /api/reports/hospital-a/2024-12/applied-confirmation", Map.of("count", 1, "digestPrefix", "00000000"),
            401, 409, 404, 409, 409, 409, 409, 403, 403),
        row("POST /api/reports/hospital-a/2024-12/resolution",
            Map.of("resolution", "CORRECTED_REPORT", "reason", "x"), 401, 409, 404, 409, 409, 409, 409, 403, 403),
        // Process history: overseers (the regulator, the administrator "demo") only; a bad filter is refused.
        row("GET /api/history/instances?hospital=hospital-a&period=2024-12", null,
            401, 403, 403, 403, 403, 403, 403, 200, 200),
        row("GET /api/history/instances?status=LOST", null, 401, 403, 403, 403, 403, 403, 403, 400, 400),
        row("GET /api/history/instances/no-such-instance", null, 401, 403, 403, 403, 403, 403, 403, 404, 404),
        row("GET /api/history/parties", null, 401, 403, 403, 403, 403, 403, 403, 200, 200),
        row("GET /api/history/instances/export?format=csv", null, 401, 403, 403, 403, 403, 403, 403, 200, 200),
        // The audit trail: the matrix and timelines for overseers; events for parties too, their own only.
        row("GET /api/audit/matrix", null, 401, 403, 403, 403, 403, 403, 403, 200, 200),
        row("GET /api/audit/matrix/export?format=csv", null, 401, 403, 403, 403, 403, 403, 403, 200, 200),
        row("GET /api/audit/timeline/hospital-a/2024-12/export?format=json", null,
            401, 403, 403, 403, 403, 403, 403, 200, 200),
        row("GET /api/audit/events/export?format=csv", null, 401, 200, 200, 200, 200, 200, 200, 200, 200),
        row("POST /api/manifests/digest", Map.of("period", "2024-12", "keys", List.of()),
            401, 200, 200, 200, 200, 200, 200, 200, 200),
        // The keeper's own report as the draft under review: the keeper only, while it reviews.
        row("POST /api/reports/hospital-a/2024-12/draft", Map.of("keys", List.of()),
            401, 403, 404, 409, 403, 403, 403, 403, 403),
        // FHIR: a hospital reads its own ledger; overseers any hospital's; other parties none.
        row("GET /fhir/Consent?organization=hospital-a", null, 401, 200, 403, 403, 403, 403, 403, 200, 200),
        row("GET /fhir/Consent", null, 401, 200, 200, 403, 403, 403, 403, 403, 403),
        // Parties and chains: the administrator only ("demo"); a bad value reaches the rules (400).
        // The CSV import (text/csv) is in party/CsvImportTest: 401, 403 for operators and regulators.
        row("GET /api/admin/parties?role=HOSPITAL", null, 401, 403, 403, 403, 403, 403, 403, 403, 200),
        row("GET /api/admin/parties/hospital-a", null, 401, 403, 403, 403, 403, 403, 403, 403, 200),
        row("POST /api/admin/parties", Map.of("id", "Not An Id", "nameJa", "x", "roles", List.of("HOSPITAL")),
            401, 403, 403, 403, 403, 403, 403, 403, 400),
        row("PUT /api/admin/parties/hospital-a", Map.of("nameJa", "", "roles", List.of("HOSPITAL")),
            401, 403, 403, 403, 403, 403, 403, 403, 400),
        row("GET /api/admin/chains", null, 401, 403, 403, 403, 403, 403, 403, 403, 200),
        row("POST /api/admin/chains", Map.of("id", "x", "name", "x", "intake", List.of("nttdata"), "reports", List.of()),
            401, 403, 403, 403, 403, 403, 403, 403, 400),
        row("PUT /api/admin/chains/demo", Map.of("name", "", "intake", List.of(), "reports", List.of()),
            401, 403, 403, 403, 403, 403, 403, 403, 400),
        row("PUT /api/admin/hospitals/hospital-a/chain", Map.of("chainId", "no-such-chain"),
            401, 403, 403, 403, 403, 403, 403, 403, 400));
  }

  private static Arguments row(String endpoint, Map<String, ?> body, int... statuses) {
    return Arguments.of(endpoint, body, statuses);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void everyRoleGetsTheAnswerItsPlaceCallsFor(String endpoint, Map<String, Object> body, int[] expected) {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    start("2024-12");
    String[] methodAndPath = endpoint.split(" ");

    Map<String, Integer> actual = new LinkedHashMap<>();
    Map<String, Integer> wanted = new LinkedHashMap<>();
    for (int i = 0; i < ROLES.size(); i++) {
      String role = ROLES.get(i);
      var client = role.equals("anonymous") ? rest : rest.withBasicAuth(role, "demo");
      Map<String, Object> request = body == null ? null : new LinkedHashMap<>(body);
      if (request != null && !endpoint.endsWith("/digest")) {
        request.put("clientRequestId", "matrix-" + i);
      }
      var response = client.exchange(methodAndPath[1], HttpMethod.valueOf(methodAndPath[0]),
          request == null ? null : new HttpEntity<>(request), String.class);
      actual.put(role, response.getStatusCode().value());
      wanted.put(role, expected[i]);
    }

    assertThat(actual).as(endpoint).isEqualTo(wanted);
  }
}
