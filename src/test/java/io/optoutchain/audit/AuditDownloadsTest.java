package io.optoutchain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.reporting.Resolution;
import io.optoutchain.support.ReportingTest;
import io.optoutchain.support.WebappSession;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The regulators' downloads over HTTP: CSV (header row, UTF-8 with a byte order mark) and JSON as
 * attachments, read with the webapps' session the pages use; nothing without a login, and a
 * hospital's operator gets no other party's data.
 */
class AuditDownloadsTest extends ReportingTest {

  private static final String BOM = "\uFEFF";
  private static final String REASON = "=1+1 LDI sent January's file by mistake";
  private static final List<String> EXPORTS = List.of(
      "/api/audit/matrix/export?from=2024-12&to=2025-01&format=csv",
      "/api/audit/timeline/hospital-a/2024-12/export?format=csv",
      "/api/audit/events/export?format=csv",
      "/api/history/instances/export?format=csv");

  /** December of hospital-a: the keeper's report missed a key, then the keeper resolved it with a reason. */
  private String december;

  @BeforeEach
  void aResolvedDiscrepancy() {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    december = start("2024-12").getId();
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());
    resolve(KEEPER_OPERATOR, "2024-12", Resolution.CORRECTED_REPORT, REASON, null, null);
  }

  @Test
  void theRegulatorDownloadsTheMatrixAsCsvAndJsonWithTheWebappsSession() {
    var welcome = WebappSession.login(rest, "regulator", "demo", "welcome");

    var csv = welcome.get("/api/audit/matrix/export?from=2024-12&to=2025-01&format=csv");
    var json = welcome.get("/api/audit/matrix/export?from=2024-12&to=2025-01&format=json");

    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
    assertThat(csv.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
        .isEqualTo("attachment; filename=\"period-matrix-2024-12-to-2025-01.csv\"");
    assertThat(lines(csv)).containsExactly(BOM + "hospital_id,hospital_name,final_recipient,final_recipient_name,period,status",
        "\"hospital-a\",\"Demo Hospital A / デモ病院A\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2024-12\",\"REPORTED\"",
        "\"hospital-a\",\"Demo Hospital A / デモ病院A\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2025-01\",\"NOT_STARTED\"",
        "\"hospital-b\",\"Demo Hospital B / デモ病院B\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2024-12\",\"NOT_STARTED\"",
        "\"hospital-b\",\"Demo Hospital B / デモ病院B\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2025-01\",\"NOT_STARTED\"",
        "\"hospital-c\",\"Demo Hospital C / デモ病院C\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2024-12\",\"NOT_STARTED\"",
        "\"hospital-c\",\"Demo Hospital C / デモ病院C\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2025-01\",\"NOT_STARTED\"",
        // Hospital D's records go to two certified producers: one row each.
        "\"hospital-d\",\"Demo Hospital D / デモ病院D\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2024-12\",\"NOT_STARTED\"",
        "\"hospital-d\",\"Demo Hospital D / デモ病院D\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2025-01\",\"NOT_STARTED\"",
        "\"hospital-d\",\"Demo Hospital D / デモ病院D\",\"ldi\",\"LDI / ライフデータイニシアティブ\",\"2024-12\",\"NOT_STARTED\"",
        "\"hospital-d\",\"Demo Hospital D / デモ病院D\",\"ldi\",\"LDI / ライフデータイニシアティブ\",\"2025-01\",\"NOT_STARTED\"");
    assertThat(json.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
        .isEqualTo("attachment; filename=\"period-matrix-2024-12-to-2025-01.json\"");
    assertThat(JsonPath.<List<String>>read(json.getBody(), "$[?(@.period == '2024-12')].status"))
        .containsExactly("REPORTED", "NOT_STARTED", "NOT_STARTED", "NOT_STARTED", "NOT_STARTED");
    assertThat(JsonPath.<String>read(json.getBody(), "$[0].hospitalName")).isEqualTo("Demo Hospital A / デモ病院A");
  }

  @Test
  void withoutARangeTheMatrixShowsTheMonthsUpToTheCurrentOneFromTheFirstReported() {
    var regulator = rest.withBasicAuth("regulator", "demo");

    // The engine's clock stands in January 2025; the product's first reported month is December 2024.
    var matrix = regulator.getForEntity("/api/audit/matrix", String.class);
    var later = regulator.getForEntity("/api/audit/matrix?to=2025-09", String.class);
    var backwards = regulator.getForEntity("/api/audit/matrix?from=2025-03&to=2025-01", String.class);

    assertThat(JsonPath.<List<String>>read(matrix.getBody(), "$.periods")).containsExactly("2024-12", "2025-01");
    assertThat(JsonPath.<List<String>>read(later.getBody(), "$.periods")).hasSize(7).startsWith("2025-03");
    assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(regulator.getForEntity("/api/audit/matrix/export?format=xlsx", String.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void theTimelineDownloadCarriesNamesAndTheResolutionsReasonNeverAsAFormula() {
    var welcome = WebappSession.login(rest, "regulator", "demo", "welcome");

    var csv = welcome.get("/api/audit/timeline/hospital-a/2024-12/export?format=csv");

    assertThat(csv.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
        .isEqualTo("attachment; filename=\"timeline-hospital-a-2024-12.csv\"");
    List<String> lines = lines(csv);
    assertThat(lines.get(0)).isEqualTo(BOM + "at,source,final_recipient,what,who,party,party_name,detail,reason,reason_matches_trail");
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .contains("\"audit\",\"jmimo\",\"RESOLUTION\",\"nttdata-operator\",\"nttdata\",\"NTT Data / NTTデータ\"")
        .endsWith(",\"'" + REASON.replace("\"", "\"\"") + "\",true"));
  }

  @Test
  void theEventsAndTheHistoryListDownloadWithTheSessionToo() {
    var welcome = WebappSession.login(rest, "regulator", "demo", "welcome");

    var events = welcome.get("/api/audit/events/export?format=csv&hospital=hospital-a&period=2024-12");
    var history = welcome.get("/api/history/instances/export?format=csv&hospital=hospital-a");
    var historyJson = welcome.get("/api/history/instances/export?format=json&hospital=hospital-a");

    assertThat(events.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
        .isEqualTo("attachment; filename=\"audit-trail.csv\"");
    assertThat(lines(events).get(0)).isEqualTo(BOM + "seq,occurred_at,actor_user,actor_party,event_type,hospital_id,"
        + "period,process_instance_id,payload,previous_hash,hash,id");
    assertThat(lines(events)).anySatisfy(line -> assertThat(line).contains("\"RESOLUTION\""));
    assertThat(lines(history).get(0)).isEqualTo(BOM + "kind,process_instance_id,business_key,hospital_id,period,"
        + "subject,status,parties,start_time,end_time,state");
    // The engine's history outlives each test's clean-up: earlier tests' Decembers may be listed too.
    assertThat(lines(history)).anySatisfy(line -> assertThat(line).startsWith("\"report\",\"" + december + "\",")
        .contains("\"hospital-a:2024-12:jmimo\"", "\"hospital-a ldi nttdata jmimo\""));
    assertThat(JsonPath.<List<String>>read(historyJson.getBody(), "$[*].processInstanceId")).contains(december);
  }

  @Test
  void nobodyWithoutALoginDownloadsAnything() {
    for (String export : EXPORTS) {
      var response = rest.getForEntity(export, String.class);
      assertThat(response.getStatusCode()).as(export).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(response.getBody()).as(export).doesNotContain("hospital-a");
    }
    // The page with the buttons sends a person without a session to the webapps' login.
    assertThat(rest.getForEntity("/audit/matrix.html", String.class).getBody())
        .doesNotContain("download-csv").contains("camunda");
  }

  @Test
  void aHospitalsOperatorGetsNoOtherPartysData() {
    var operator = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo");
    var tasklist = WebappSession.login(rest, HOSPITAL_OPERATOR, "demo");

    for (String overseersOnly : EXPORTS.stream().filter(e -> !e.startsWith("/api/audit/events")).toList()) {
      assertThat(operator.getForEntity(overseersOnly, String.class).getStatusCode()).as(overseersOnly)
          .isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(tasklist.get(overseersOnly).getStatusCode()).as(overseersOnly).isEqualTo(HttpStatus.FORBIDDEN);
    }
    // The events a party reads are its own users' only, whatever party it asks for.
    for (var events : List.of(
        operator.getForEntity("/api/audit/events/export?format=csv&party=nttdata", String.class),
        tasklist.get("/api/audit/events/export?format=csv"))) {
      List<String> rows = lines(events).subList(1, lines(events).size());
      assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.split(",")[3]).isEqualTo("\"hospital-a\""));
    }
  }

  private static List<String> lines(ResponseEntity<String> response) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return Arrays.asList(response.getBody().split("\r\n"));
  }
}
