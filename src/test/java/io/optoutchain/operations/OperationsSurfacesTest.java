package io.optoutchain.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.audit.AuditSealer;
import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.support.ReportingTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.http.HttpStatus;

/**
 * What operations reads: the API's description, the orchestrator's probes and the product's gauges; and
 * that the actuator shows nothing else.
 */
class OperationsSurfacesTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";
  private static final String DECLARATION = "/api/reports/{hospitalId}/{period}/declaration";

  @Autowired OperationsMetrics metrics;
  @Autowired AuditSealer sealer;
  @Autowired ObjectMapper json;
  @Autowired HealthEndpointGroups healthGroups;

  @Test
  void theApiDescriptionIsReadByAnyLoggedInUserAndDescribesTheSharedRefusal() throws Exception {
    assertThat(rest.getForEntity("/api/openapi.json", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/api/openapi.json.yaml", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/v3/api-docs", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    var answer = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").getForEntity("/api/openapi.json", String.class);

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode api = json.readTree(answer.getBody());
    assertThat(api.path("paths").has(DECLARATION)).isTrue();
    // Only /api: not the FHIR channel, the regulators' pages or the actuator.
    api.path("paths").fieldNames().forEachRemaining(path -> assertThat(path).startsWith("/api/"));
    JsonNode error = api.path("components").path("schemas").path("ApiError").path("properties");
    assertThat(error.has("error") && error.has("field") && error.has("message")).isTrue();
    JsonNode declaration = api.path("paths").path(DECLARATION).path("post").path("responses");
    assertThat(declaration.path("401").path("content").path("application/json").path("schema").path("$ref").asText())
        .isEqualTo("#/components/schemas/ApiError");
    assertThat(declaration.path("default").path("content").path("application/json").path("schema").path("$ref")
        .asText()).isEqualTo("#/components/schemas/ApiError");
    assertThat(api.path("components").path("securitySchemes").path("basic").path("scheme").asText()).isEqualTo("basic");

    // The declaration's example is what the declaration really answers.
    JsonNode example = declaration.path("400").path("content").path("application/json").path("examples")
        .path("negativeCount").path("value");
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    start(DECEMBER);
    var refused = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").postForEntity(
        "/api/reports/hospital-a/2024-12/declaration", Map.of("clientRequestId", "ops-1", "count", -1), String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.readTree(refused.getBody())).isEqualTo(example);
  }

  @Test
  void theOrchestratorsProbesAnswerAnonymouslyWithAStatusOnly() throws Exception {
    // The root names its two groups (the probes' paths) and nothing of what it checks.
    assertThat(json.readTree(rest.getForEntity("/actuator/health", String.class).getBody()))
        .isEqualTo(json.readTree("{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"));
    for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
      var answer = rest.getForEntity(probe, String.class);

      assertThat(answer.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
      assertThat(json.readTree(answer.getBody())).as(probe).isEqualTo(json.readTree("{\"status\":\"UP\"}"));
    }
  }

  @Test
  void readinessWaitsForTheDatabaseAndLivenessDoesNot() {
    assertThat(healthGroups.get("readiness").isMember("db")).isTrue();
    assertThat(healthGroups.get("liveness").isMember("db")).isFalse();
  }

  @Test
  void theProductsGaugesAreForAdministratorsOnly() {
    assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    for (String notAnAdministrator : List.of(HOSPITAL_OPERATOR, "regulator", JMIMO_OPERATOR)) {
      assertThat(rest.withBasicAuth(notAnAdministrator, "demo").getForEntity("/actuator/prometheus", String.class)
          .getStatusCode()).as(notAnAdministrator).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(rest.withBasicAuth("demo", "demo").getForEntity("/actuator/prometheus", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void aMonthInDiscrepancyShowsInTheGaugesOnceTheyAreReadAgain() {
    // The keeper's own system sends an empty manifest for a month with one opt-out: a discrepancy.
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    start(DECEMBER);
    declare(DECEMBER, 1, false);
    sendOwnManifest(DECEMBER, List.of(), List.of());
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);

    metrics.refresh();
    String scraped = scrape();

    assertThat(scraped).contains("optout_months{recipient=\"jmimo\",status=\"DISCREPANCY\"} 1.0")
        .contains("optout_months{recipient=\"jmimo\",status=\"RECONCILED\"} 0.0")
        .contains("optout_open_discrepancies 1.0")
        .contains("optout_escalations_open{process=\"report\"} 0.0")
        .contains("optout_escalations_open{process=\"intake\"} 0.0")
        .contains("optout_intake_in_flight{state=\"CONFIRMING\"} 0.0")
        .contains("optout_overdue_tasks 0.0")
        .contains("optout_job_backlog 0.0")
        .contains("optout_jobs_failed 0.0")
        .contains("optout_mail_outbox{state=\"FAILED\"} 0.0");

    // Weeks later, nobody having reconciled: the reconcile task is overdue and the escalation timers are due.
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2025-02-03T00:00:00Z")));
    metrics.refresh();
    String later = scrape();

    assertThat(later).contains("optout_overdue_tasks 1.0").doesNotContain("optout_job_backlog 0.0");

    // The due jobs run: the timers escalate, and the escalations wait for their groups to handle them.
    moveClockTo(Instant.parse("2025-02-03T00:00:00Z"));
    metrics.refresh();
    String escalated = scrape();

    // To the keeper's supervisors after two business days, to J-MIMO's compliance officer after seven.
    assertThat(escalated).contains("optout_job_backlog 0.0")
        .contains("optout_escalations_open{process=\"report\"} 2.0")
        .contains("optout_months{recipient=\"jmimo\",status=\"ESCALATED\"} 1.0")
        .contains("optout_months{recipient=\"jmimo\",status=\"DISCREPANCY\"} 0.0")
        .contains("optout_open_discrepancies 1.0");
  }

  @Test
  void anOptOutTravellingItsIntakeRouteIsInFlight() {
    var handedIn = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").postForEntity("/api/intake",
        Map.of("clientRequestId", "ops-intake-1", "hospitalId", HOSPITAL, "patientKey", patientKey("intake"),
            "kind", "STOP_PROVISION", "receivedOn", "2024-12-09"), String.class);
    assertThat(handedIn.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    metrics.refresh();

    assertThat(scrape()).contains("optout_intake_in_flight{state=\"CONFIRMING\"} 1.0")
        .contains("optout_intake_in_flight{state=\"IDENTIFYING\"} 0.0");
  }

  @Test
  void eventsNotSealedYetShowAsTheAuditSealersLag() {
    sealer.sealPending();
    recordOptOut(HOSPITAL, patientKey("lag"), LocalDate.of(2024, 12, 9));
    ClockUtil.setCurrentTime(Date.from(START.plusSeconds(90)));

    metrics.refresh();
    assertThat(scrape()).contains("optout_audit_unsealed_events 1.0")
        .contains("optout_audit_oldest_unsealed_seconds 90.0");

    sealer.sealPending();
    metrics.refresh();
    assertThat(scrape()).contains("optout_audit_unsealed_events 0.0")
        .contains("optout_audit_oldest_unsealed_seconds 0.0");
  }

  @Test
  void noOtherActuatorEndpointIsReachable() {
    for (String closed : List.of("/actuator", "/actuator/env", "/actuator/beans", "/actuator/heapdump",
        "/actuator/metrics", "/actuator/info", "/actuator/configprops", "/actuator/loggers", "/actuator/threaddump")) {
      assertThat(rest.getForEntity(closed, String.class).getStatusCode()).as(closed).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(rest.withBasicAuth("demo", "demo").getForEntity(closed, String.class).getStatusCode()).as(closed)
          .isEqualTo(HttpStatus.NOT_FOUND);
    }
  }

  private String scrape() {
    var answer = rest.withBasicAuth("demo", "demo").getForEntity("/actuator/prometheus", String.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }
}
