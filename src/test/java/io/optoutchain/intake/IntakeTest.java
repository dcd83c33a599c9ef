package io.optoutchain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.support.ReportingTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/**
 * Drives the opt-out intake the way the parties do: the hospital's system hands a request in over the API,
 * each hop completes its task as its operators do in Tasklist (the same task completion the API uses).
 * Our tables are emptied before each test by EngineTest (the intake's tables go with the ledger's, which
 * they reference).
 */
abstract class IntakeTest extends ReportingTest {

  @Autowired protected IntakeService intakes;

  protected ResponseEntity<String> post(String user, String path, Map<String, ?> body) {
    return rest.withBasicAuth(user, "demo").postForEntity(path, body, String.class);
  }

  protected ResponseEntity<String> get(String user, String path) {
    return rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  protected static <T> T json(ResponseEntity<String> response, String path) {
    return JsonPath.read(response.getBody(), path);
  }

  /** The hospital's system hands a patient's request in: 202, and the request's number. */
  protected long handIn(String requestId, String key, String receivedOn) {
    var accepted = post(HOSPITAL_OPERATOR, "/api/intake", Map.of("clientRequestId", requestId, "patientKey", key,
        "kind", "STOP_PROVISION", "receivedOn", receivedOn));
    assertThat(accepted.getStatusCodeValue()).as(accepted.getBody()).isEqualTo(202);
    return ((Number) json(accepted, "$.intakeId")).longValue();
  }

  protected IntakeRequest request(long id) {
    return intakes.find(id).orElseThrow();
  }

  /** The one task of the request's own work (an escalation adds the escalated group's own task beside it). */
  protected Task openTask(long id) {
    var tasks = taskService.createTaskQuery().processInstanceId(request(id).processInstanceId()).active().list()
        .stream().filter(task -> !"Task_HandleEscalation".equals(task.getTaskDefinitionKey())).toList();
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  /** A hop states, blind, what it holds, in its task as Tasklist submits it; the job executor then runs the check. */
  protected void state(String user, long id, String keyPrefix, String receivedOn) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(HopStatement.KEY_PREFIX, keyPrefix);
    fields.put(HopStatement.RECEIVED_ON, receivedOn);
    String taskId = openTask(id).getId();
    as(user, () -> taskService.complete(taskId, fields));
    runDueJobs();
  }

  protected int ledgerEntries() {
    return jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class);
  }

  protected List<String> candidateGroupsOf(Task task) {
    return candidateGroups(task);
  }

  protected static boolean isHopTask(Task task) {
    return List.of(ProcessKeys.TASK_CONFIRM_INTAKE_HOP, ProcessKeys.TASK_RECHECK_INTAKE_HOP)
        .contains(task.getTaskDefinitionKey());
  }
}
