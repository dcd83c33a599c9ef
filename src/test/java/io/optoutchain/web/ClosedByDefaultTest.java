package io.optoutchain.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.ReportingTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Every door, knocked on without a login; and state-changing calls a foreign web page could make. */
class ClosedByDefaultTest extends ReportingTest {

  @Test
  void anonymousCallersReachOnlyTheHealthCheckAndTheWebappsLoginPages() {
    for (String closed : List.of("/actuator", "/actuator/info", "/actuator/env", "/actuator/prometheus",
        "/actuator/beans", "/actuator/heapdump", "/api/openapi.json", "/v3/api-docs", "/engine-rest/engine",
        "/engine-rest/engine/", "/engine-rest/task", "/engine-rest/user", "/api/tasks", "/anything-not-listed", "/camunda/api/engine/engine/default/task")) {
      assertThat(rest.getForEntity(closed, String.class).getStatusCode()).as(closed).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    // A regulators' page sends a person without a session to the webapps' login, where it ends.
    var page = rest.getForEntity("/audit/verify.html", String.class);
    assertThat(page.getBody()).doesNotContain("Audit trail verification").contains("camunda");
    for (String open : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
        "/camunda/app/tasklist/default/", "/camunda/app/cockpit/default/")) {
      assertThat(rest.getForEntity(open, String.class).getStatusCode()).as(open).isEqualTo(HttpStatus.OK);
    }
  }

  @Test
  void aBrowsersPathIsRefusedWithoutAskingForAPassword() {
    // A Basic challenge would open the browser's own password dialog over the webapps' login page.
    var welcome = rest.getForEntity("/camunda-welcome", String.class);
    var api = rest.getForEntity("/api/tasks", String.class);

    assertThat(welcome.getStatusCode().value()).isEqualTo(401);
    assertThat(welcome.getHeaders().containsKey("WWW-Authenticate")).isFalse();
    assertThat(api.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
  }

  @Test
  void theWebappsSessionReadsTheAuditTrailButChangesNothing() {
    var welcome = io.optoutchain.support.WebappSession.login(rest, "regulator", "demo", "welcome");

    assertThat(welcome.get("/api/audit/verify").getStatusCode().value()).isEqualTo(200);
    assertThat(welcome.post("/api/ledger/entries", java.util.Map.of("clientRequestId", "by-cookie")).getStatusCode()
        .value()).isEqualTo(401);
    assertThat(rest.getForEntity("/api/audit/verify", String.class).getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void theWebappsSessionKeepsItsIdWhileAPageReadsSoItsParallelRequestsAllCarryIt() {
    var welcome = io.optoutchain.support.WebappSession.login(rest, "regulator", "demo", "welcome");

    var page = welcome.get("/audit/timeline.html?hospital=hospital-a&period=2024-12");
    var timeline = welcome.get("/api/audit/timeline/hospital-a/2024-12");

    for (var response : List.of(page, timeline)) {
      assertThat(response.getStatusCode().value()).isEqualTo(200);
      assertThat(response.getHeaders().getOrEmpty("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    }
  }

  @Test
  void aPagesScriptWithoutALoginGetsA401ItCanShowNotAPasswordDialog() {
    var headers = new HttpHeaders();
    headers.add("Sec-Fetch-Dest", "empty");

    var fromScript = rest.exchange("/api/audit/matrix", HttpMethod.GET,
        new HttpEntity<>(headers), String.class);

    assertThat(fromScript.getStatusCode().value()).isEqualTo(401);
    assertThat(fromScript.getHeaders().containsKey("WWW-Authenticate")).isFalse();
    assertThat(fromScript.getBody()).contains("login required");
  }

  @Test
  void theEngineListNeedsALogin() {
    assertThat(rest.withBasicAuth("regulator", "demo").getForEntity("/engine-rest/engine", String.class).getBody())
        .contains("default");
  }

  @Test
  void aReleaseUploadWithoutTheProgramsHeaderIsRefusedAsPossiblyCrossSite() {
    HttpHeaders formLike = new HttpHeaders();
    formLike.setContentType(MediaType.TEXT_PLAIN);
    var upload = rest.withBasicAuth(JMIMO_OPERATOR, "demo").postForEntity("/api/releases?clientRequestId=csrf-1"
        + "&dataUser=datauser-1&cutoff=2024-12-31&hospitals=hospital-a",
        new HttpEntity<>(keyLines(HOSPITAL, List.of(patientKey("a"))), formLike), String.class);

    assertThat(upload.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(upload.getBody()).contains("X-Requested-By");
    assertThat(jdbc.queryForObject("select count(*) from optout.data_release", Integer.class)).isZero();
  }

  @Test
  void aLedgerEntryPostedAsPlainTextIsRefusedAsPossiblyCrossSite() {
    HttpHeaders formLike = new HttpHeaders();
    formLike.setContentType(MediaType.TEXT_PLAIN);
    String json = "{\"clientRequestId\":\"csrf-2\",\"hospitalId\":\"hospital-a\",\"patientKey\":\"" + patientKey("b")
        + "\",\"kind\":\"STOP_PROVISION\",\"receivedOn\":\"2024-12-09\"}";
    var posted = rest.withBasicAuth(KEEPER_OPERATOR, "demo").exchange("/api/ledger/entries", HttpMethod.POST,
        new HttpEntity<>(json, formLike), String.class);

    assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class)).isZero();
    assertThat(rest.withBasicAuth(KEEPER_OPERATOR, "demo").postForEntity("/api/ledger/entries",
        Map.of("clientRequestId", "csrf-3", "hospitalId", HOSPITAL, "patientKey", patientKey("b"),
            "kind", "STOP_PROVISION", "receivedOn", "2024-12-09"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }
}
