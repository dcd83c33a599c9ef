package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.process.ReportVariables;
import io.optoutchain.support.ReportingTest;
import io.optoutchain.support.WebappSession;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The ledger keeper replaces the draft under review with its own system's report, from the review
 * form (its Tasklist session) or its system (Basic); the form shows the new draft and sending it
 * makes it the report of record. Nobody else replaces a draft, and none once the report is sent.
 */
class DraftReplacementTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";
  private static final String DRAFT = "/api/reports/hospital-a/2024-12/draft";

  private final String own = patientKey("own system");
  private final String late = patientKey("late one");
  private int requests;

  @BeforeEach
  void decemberAwaitsReview() {
    recordOptOut(HOSPITAL, patientKey("ledger"), LocalDate.of(2024, 12, 2));
    start(DECEMBER);
    declare(DECEMBER, 1, false);
  }

  @Test
  void theKeepersOwnFileFromTheReviewFormBecomesTheDraftShownAndTheReportSent() {
    var session = WebappSession.login(rest, KEEPER_OPERATOR, "demo");

    var replaced = session.post(DRAFT, Map.of("clientRequestId", "review-1", "keys", List.of(own),
        "supplementKeys", List.of(late)), fromTasklist());

    assertThat(replaced.getStatusCode()).isEqualTo(HttpStatus.OK);
    String digest = JsonPath.read(replaced.getBody(), "$.digest");
    assertThat((Integer) JsonPath.read(replaced.getBody(), "$.totalCount")).isEqualTo(2);
    assertThat((Integer) JsonPath.read(replaced.getBody(), "$.version")).isEqualTo(2);
    var review = taskService.createTaskQuery().taskDefinitionKey(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT).singleResult();
    assertThat(taskService.getVariablesLocal(review.getId()))
        .containsEntry(ReportVariables.DRAFT_COUNT, 2).containsEntry(ReportVariables.DRAFT_DIGEST, digest)
        .hasEntrySatisfying(ReportVariables.DRAFT_KEYS, keys -> assertThat((String) keys).contains(own, late));

    // The form's request sent again (a retry) replaces nothing twice.
    var retried = session.post(DRAFT, Map.of("clientRequestId", "review-1", "keys", List.of(own),
        "supplementKeys", List.of(late)), fromTasklist());
    assertThat((Integer) JsonPath.read(retried.getBody(), "$.version")).isEqualTo(2);
    assertThat(reports.draftToSend(ref(DECEMBER)).orElseThrow().version()).isEqualTo(2);

    sendCompiledReport(DECEMBER);
    assertThat(currentReport(DECEMBER).digest()).isEqualTo(digest);
    assertThat(currentReport(DECEMBER).totalCount()).isEqualTo(2);
  }

  @Test
  void aSessionWritesOnlyAsJsonWithTheHeaderThatNoOtherSiteCanSend() {
    var session = WebappSession.login(rest, KEEPER_OPERATOR, "demo");

    assertThat(session.post(DRAFT, Map.of("clientRequestId", "no-header", "keys", List.of(own))).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    HttpHeaders form = new HttpHeaders();
    form.setContentType(MediaType.TEXT_PLAIN);
    form.add(HttpHeaders.COOKIE, session.cookieHeader());
    form.add("X-Requested-By", "tasklist");
    assertThat(rest.postForEntity(DRAFT, new HttpEntity<>("{\"clientRequestId\":\"text\",\"keys\":[]}", form), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(reports.draftToSend(ref(DECEMBER)).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void noOtherPartyReplacesTheDraftAndNoneOnceSent() {
    for (String other : List.of(HOSPITAL_OPERATOR, LDI_OPERATOR, JMIMO_OPERATOR)) {
      assertThat(basic(other, Map.of("keys", List.of(own))).getStatusCode()).as(other).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(reports.draftToSend(ref(DECEMBER)).orElseThrow().version()).isEqualTo(1);

    sendCompiledReport(DECEMBER);
    // Another party is refused as such, without learning where the report stands.
    assertThat(basic(LDI_OPERATOR, Map.of("keys", List.of(own))).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    var afterSending = basic(KEEPER_OPERATOR, Map.of("keys", List.of(own)));
    assertThat(afterSending.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(afterSending.getBody()).contains("下書きは置き換えられません");
    assertThat(currentReport(DECEMBER).totalCount()).isEqualTo(1);
    assertThat(reports.draftToSend(ref(DECEMBER))).as("nothing half-written").isEmpty();
  }

  @Test
  void aBadKeyIsRefusedWithAMessageAndTheDraftKept() {
    var badKey = basic(KEEPER_OPERATOR, Map.of("keys", List.of("not-a-key")));
    assertThat(badKey.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(reports.draftToSend(ref(DECEMBER)).orElseThrow().version()).isEqualTo(1);
  }

  private static HttpHeaders fromTasklist() {
    HttpHeaders headers = new HttpHeaders();
    headers.add("X-Requested-By", "tasklist");
    return headers;
  }

  private ResponseEntity<String> basic(String user, Map<String, ?> body) {
    Map<String, Object> request = new java.util.HashMap<>(body);
    request.put("clientRequestId", "draft-" + user + "-" + (++requests));
    return rest.withBasicAuth(user, "demo").postForEntity(DRAFT, request, String.class);
  }
}
