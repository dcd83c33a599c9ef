package io.optoutchain.web;

import static io.optoutchain.reporting.process.ReportVariables.DECLARED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.NIL_ATTESTED;
import static io.optoutchain.reporting.process.ReportVariables.RESOLUTION;
import static io.optoutchain.reporting.process.ReportVariables.RESOLUTION_REASON;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.error.Rejected;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.support.ReportingTest;
import io.optoutchain.support.WebappSession;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A rule refusal is the product working: in Tasklist (the webapps' engine API) it is a 4xx whose
 * message an operator reads in Japanese with the English beside, and the log holds one INFO line
 * for it, with no ERROR and no stack trace. A genuine failure is still an ERROR.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusalsAreMessagesTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";

  @Test
  void hospitalDeclaringANegativeCountInTasklistIsToldWhyInJapanese(CapturedOutput output) {
    start(DECEMBER);
    Task declare = openTask(ProcessKeys.TASK_DECLARE_COUNT);
    var tasklist = WebappSession.login(rest, HOSPITAL_OPERATOR, "demo");
    int before = output.getAll().length();

    var refused = tasklist.post(WebappSession.ENGINE_API + "/task/" + declare.getId() + "/submit-form",
        variables(Map.of(DECLARED_COUNT, -1, NIL_ATTESTED, false, DECLARED_DIGEST_PREFIX, ledgerDigestPrefix(DECEMBER))));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertReadableRefusal(refused, "患者数は0以上の整数で入力してください", "cannot be negative");
    // The field as the rule names it (the domain's, not the form key).
    assertThat(JsonPath.<String>read(refused.getBody(), "$.field")).isEqualTo("count");
    // Nothing recorded: the same task still waits, no declaration was stored.
    assertThat(openTask(ProcessKeys.TASK_DECLARE_COUNT).getId()).isEqualTo(declare.getId());
    assertThat(jdbc.queryForObject("select count(*) from optout.count_declaration", Integer.class)).isZero();
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.OPEN);
    assertLoggedOnceAtInfo(output.getAll().substring(before), "cannot be negative");
  }

  @Test
  void nttDataChoosingToCorrectTheHospitalsDeclarationIsToldWhyInJapanese(CapturedOutput output) {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    start(DECEMBER);
    declare(DECEMBER, 1, false);
    sendOwnManifest(DECEMBER, List.of(), List.of());
    Task reconcile = openTask(ProcessKeys.TASK_RECONCILE_DISCREPANCY);
    var tasklist = WebappSession.login(rest, KEEPER_OPERATOR, "demo");
    int before = output.getAll().length();

    var refused = tasklist.post(WebappSession.ENGINE_API + "/task/" + reconcile.getId() + "/submit-form",
        variables(Map.of(RESOLUTION, "CORRECTED_DECLARATION", RESOLUTION_REASON, "the hospital miscounted",
            DECLARED_COUNT, 1, NIL_ATTESTED, false, DECLARED_DIGEST_PREFIX, ledgerDigestPrefix(DECEMBER))));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertReadableRefusal(refused, "申告を訂正できるのは病院だけです", "only the hospital corrects its declaration");
    assertThat(openTask(ProcessKeys.TASK_RECONCILE_DISCREPANCY).getId()).isEqualTo(reconcile.getId());
    assertThat(discrepancies(DECEMBER)).allMatch(d -> d.resolvedAt() == null);
    assertLoggedOnceAtInfo(output.getAll().substring(before), "only the hospital corrects its declaration");
  }

  @Test
  void theEngineStillLogsAGenuineFailureAsAnErrorButNotARefusal(CapturedOutput output) {
    var engineContext = LoggerFactory.getLogger("org.camunda.bpm.engine.context");
    int before = output.getAll().length();

    engineContext.error("ENGINE-16004 Exception while closing command context: {}", "refused",
        new ProcessEngineException("ENGINE-03051 There was an exception while invoking the TaskListener",
            Rejected.invalid("count", "患者数は0以上の整数で入力してください", "a number of distinct patients cannot be negative")));
    engineContext.error("ENGINE-16004 Exception while closing command context: {}", "broken",
        new IllegalStateException("the disk is full"));

    String logged = output.getAll().substring(before);
    assertThat(logged).doesNotContain("cannot be negative");
    assertThat(logged).contains("ERROR").contains("the disk is full").contains("\tat ");
  }

  private static void assertReadableRefusal(ResponseEntity<String> refused, String japanese, String english) {
    String message = JsonPath.read(refused.getBody(), "$.message");
    assertThat(message).startsWith(japanese + Rejected.BESIDE).contains(english);
    assertThat(refused.getBody()).doesNotContain("ENGINE-").doesNotContain("Exception")
        .doesNotContain("org.camunda").doesNotContain("io.optoutchain").doesNotContain("TaskListener");
  }

  private static void assertLoggedOnceAtInfo(String logged, String english) {
    List<String> lines = logged.lines().toList();
    assertThat(lines).filteredOn(line -> line.contains(english)).singleElement()
        .satisfies(line -> assertThat(line).contains(" INFO ").contains("Refused (INVALID"));
    assertThat(lines).noneMatch(line -> line.contains(" ERROR ") || line.contains(" WARN "));
    assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Caused by:"));
  }

  private Task openTask(String taskKey) {
    return taskService.createTaskQuery().processInstanceBusinessKey(HOSPITAL + ":" + DECEMBER + ":jmimo")
        .taskDefinitionKey(taskKey).active().singleResult();
  }

  private static Map<String, Object> variables(Map<String, Object> fields) {
    var variables = new LinkedHashMap<String, Object>();
    fields.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    return Map.of("variables", variables);
  }
}
