package io.optoutchain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.process.ProcessKeys;
import io.optoutchain.support.WebappSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The attacks a hostile but authenticated party can try on an intake, through every door: the engine
 * REST API, the webapps' engine API behind Tasklist, and our API. Each must fail and leave the record as
 * it was: the request, its statements, the ledger and the audit trail.
 */
class IntakeForgeryTest extends IntakeTest {

  private static final String DAY = "2024-12-09";
  private final String key = patientKey("forgery");
  private long id;

  @BeforeEach
  void aRequestAwaitsLdisConfirmation() {
    id = handIn("forgery-in", key, DAY);
  }

  @Test
  void noOtherPartyCompletesLdisTaskOnTheEngineRestApiOrTheWebappsEngineApi() {
    String before = record();
    String task = openTask(id).getId();

    for (String user : List.of(KEEPER_OPERATOR, JMIMO_OPERATOR, "hospital-b-operator", HOSPITAL_OPERATOR,
        "nttdata-supervisor", "regulator")) {
      var forged = engineRest(user, HttpMethod.POST, "/task/" + task + "/complete", variables(rightFields()));
      assertThat(forged.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      var submitted = engineRest(user, HttpMethod.POST, "/task/" + task + "/submit-form", variables(rightFields()));
      assertThat(submitted.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    var tasklist = WebappSession.login(rest, KEEPER_OPERATOR, "demo");
    assertThat(tasklist.post(WebappSession.ENGINE_API + "/task/" + task + "/submit-form", variables(rightFields()))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // Our API: the keeper stating LDI's turn is refused by the engine as not its task.
    var overApi = post(KEEPER_OPERATOR, "/api/intake/" + id + "/confirmation",
        Map.of("clientRequestId", "not-my-turn", "keyPrefix", key.substring(0, 8), "receivedOn", DAY));
    assertThat(overApi.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post(JMIMO_OPERATOR, "/api/intake/" + id + "/confirmation",
        Map.of("clientRequestId", "not-mine", "keyPrefix", key.substring(0, 8), "receivedOn", DAY)).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    assertThat(record()).isEqualTo(before);
    assertThat(candidateGroupsOf(openTask(id))).containsExactly("ldi-operators");
  }

  @Test
  void ldiCannotCompleteItsTaskWithAnythingButItsFormsFields() {
    String before = record();
    String task = openTask(id).getId();

    for (var extra : List.of(Map.<String, Object>of("patientKey", patientKey("other")), Map.<String, Object>of("hop", 2),
        Map.<String, Object>of("intakeId", 999), Map.<String, Object>of("receivedOn", "2025-01-01"),
        Map.<String, Object>of("hospitalId", "hospital-c"))) {
      var fields = new LinkedHashMap<String, Object>(rightFields());
      fields.putAll(extra);
      String name = extra.keySet().iterator().next();
      var forged = engineRest(LDI_OPERATOR, HttpMethod.POST, "/task/" + task + "/complete", variables(fields));
      assertThat(forged.getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(forged.getBody()).as(name).contains(name);
      var tasklist = WebappSession.login(rest, LDI_OPERATOR, "demo");
      assertThat(tasklist.post(WebappSession.ENGINE_API + "/task/" + task + "/submit-form", variables(fields))
          .getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    assertThat(record()).isEqualTo(before);
  }

  @Test
  void ldiCannotWriteVariablesAndAnAdministratorsVariablesRedirectNothing() {
    String before = record();
    String task = openTask(id).getId();
    String instance = request(id).processInstanceId();
    long other = handIn("forgery-other", patientKey("other"), "2024-12-10");
    String withOther = record();

    var onTask = engineRest(LDI_OPERATOR, HttpMethod.POST, "/task/" + task + "/variables",
        Map.of("modifications", Map.of("intakeId", Map.of("value", other, "type", "Long"))));
    var onLocal = engineRest(LDI_OPERATOR, HttpMethod.PUT, "/task/" + task + "/localVariables/hop",
        Map.of("value", "2", "type", "String"));
    var onInstance = engineRest(LDI_OPERATOR, HttpMethod.POST, "/process-instance/" + instance + "/variables",
        Map.of("modifications", Map.of("patientKey", Map.of("value", patientKey("other")))));
    var inTasklist = WebappSession.login(rest, LDI_OPERATOR, "demo").post(WebappSession.ENGINE_API
        + "/process-instance/" + instance + "/variables",
        Map.of("modifications", Map.of("intakeId", Map.of("value", other, "type", "Long"))));
    assertThat(List.of(onTask.getStatusCode(), onLocal.getStatusCode(), onInstance.getStatusCode(),
        inTasklist.getStatusCode())).allMatch(status -> status == HttpStatus.FORBIDDEN);
    assertThat(record()).isEqualTo(withOther);
    assertThat(before).isNotEqualTo(withOther);

    // Even the administrator's variables are a cache for the diagram: the request, its key and its hop come
    // from our table, keyed by the process instance.
    runtimeService.setVariable(instance, "intakeId", other);
    runtimeService.setVariable(instance, "patientKey", patientKey("other"));
    runtimeService.setVariable(instance, "hop", 2);
    state(LDI_OPERATOR, id, key.substring(0, 8), DAY);

    assertThat(request(id).currentHop()).isEqualTo(2);
    assertThat(request(other).currentHop()).isEqualTo(1);
    assertThat(jdbc.queryForList("select intake_id || ' ' || position || ' ' || key_agrees"
        + " from optout.intake_confirmation", String.class)).containsExactly(id + " 1 true");
    assertThat(candidateGroupsOf(openTask(id))).containsExactly("nttdata-operators");
    assertThat(candidateGroupsOf(openTask(other))).containsExactly("ldi-operators");
  }

  @Test
  void noPartyStartsAnIntakeOnTheEngineAndNoInstanceBindsARequestTwice() {
    String before = record();

    for (String user : List.of(HOSPITAL_OPERATOR, LDI_OPERATOR, KEEPER_OPERATOR, "regulator")) {
      var started = engineRest(user, HttpMethod.POST, "/process-definition/key/OptOutIntake/start",
          Map.of("variables", Map.of("intakeId", Map.of("value", id, "type", "Long"))));
      assertThat(started.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(record()).isEqualTo(before);

    // Not even the administrator binds a second instance to a request already bound: the start fails whole.
    var again = engineRest("demo", HttpMethod.POST, "/process-definition/key/OptOutIntake/start",
        Map.of("variables", Map.of("intakeId", Map.of("value", id, "type", "Long"))));
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody()).contains("starts only from a request the product took in");
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(ProcessKeys.INTAKE).count()).isEqualTo(1);
    assertThat(record()).isEqualTo(before);
  }

  @Test
  void regulatorsWriteNothingAnywhere() {
    String before = record();
    String task = openTask(id).getId();

    assertThat(post("regulator", "/api/intake", Map.of("clientRequestId", "reg-1", "hospitalId", HOSPITAL,
        "patientKey", patientKey("reg"), "kind", "STOP_PROVISION", "receivedOn", DAY)).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post("regulator", "/api/intake/call-centre", Map.of("clientRequestId", "reg-2", "hospitalId", HOSPITAL,
        "reference", "R-1", "kind", "STOP_PROVISION", "receivedOn", DAY)).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post("regulator", "/api/intake/" + id + "/confirmation", Map.of("clientRequestId", "reg-3",
        "keyPrefix", key.substring(0, 8), "receivedOn", DAY)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post("regulator", "/api/ledger/entries", Map.of("clientRequestId", "reg-4", "hospitalId", HOSPITAL,
        "patientKey", patientKey("reg"), "kind", "STOP_PROVISION", "receivedOn", DAY)).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(engineRest("regulator", HttpMethod.POST, "/task/" + task + "/complete", variables(rightFields()))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(engineRest("regulator", HttpMethod.POST, "/task/" + task + "/comment/create",
        Map.of("message", "noted")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // Reads are theirs.
    assertThat(get("regulator", "/api/intake?hospitalId=hospital-a").getStatusCode()).isEqualTo(HttpStatus.OK);

    assertThat(record()).isEqualTo(before);
  }

  @Test
  void noCallCentreButACertifiedProducerOfTheHospitalHandsARequestIn() {
    String before = record();
    var bySelf = post(HOSPITAL_OPERATOR, "/api/intake/call-centre", Map.of("clientRequestId", "cc-h",
        "hospitalId", HOSPITAL, "reference", "H-1", "kind", "STOP_PROVISION", "receivedOn", DAY));
    var byKeeper = post(KEEPER_OPERATOR, "/api/intake/call-centre", Map.of("clientRequestId", "cc-n",
        "hospitalId", HOSPITAL, "reference", "N-1", "kind", "STOP_PROVISION", "receivedOn", DAY));
    var aName = post(JMIMO_OPERATOR, "/api/intake/call-centre", Map.of("clientRequestId", "cc-j",
        "hospitalId", HOSPITAL, "reference", "山田太郎", "kind", "STOP_PROVISION", "receivedOn", DAY));

    assertThat(bySelf.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(byKeeper.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(aName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(aName.getBody()).doesNotContain("山田");
    assertThat(record()).isEqualTo(before);
  }

  @Test
  void aHopLearnsNeitherTheKeyNorTheDayThroughAnyChannel() {
    // A key and a day of this test alone: the audit trail outlives each test, and LDI's own earlier statements
    // of other tests' requests are LDI's to read.
    String blind = patientKey("blind");
    String prefix = blind.substring(0, 8);
    String day = "2024-12-13";
    long id = handIn("blind-in", blind, day);
    state(LDI_OPERATOR, id, "00000000".equals(prefix) ? "11111111" : "00000000", "2024-12-01");
    String recheck = openTask(id).getId();

    List<String> channels = List.of(
        get(LDI_OPERATOR, "/api/intake/" + id).getBody(),
        get(LDI_OPERATOR, "/api/intake/tasks").getBody(),
        get(LDI_OPERATOR, "/api/audit/events").getBody(),
        engineRest(LDI_OPERATOR, HttpMethod.GET, "/task/" + recheck + "/form-variables", null).getBody(),
        engineRest(LDI_OPERATOR, HttpMethod.GET, "/variable-instance", null).getBody(),
        engineRest(LDI_OPERATOR, HttpMethod.GET, "/history/variable-instance", null).getBody(),
        engineRest(LDI_OPERATOR, HttpMethod.GET, "/task", null).getBody());
    assertThat(channels).allSatisfy(body -> assertThat(body).doesNotContain(prefix).doesNotContain(day));
    // The comparison is the system's event, not LDI's.
    assertThat(jdbc.queryForObject("select actor_user from optout.audit_event where event_type = 'INTAKE_CHECK'"
        + " order by id desc limit 1", String.class)).isEqualTo("system");
  }

  // Helpers.

  private Map<String, Object> rightFields() {
    return Map.of("statedKeyPrefix", key.substring(0, 8), "statedReceivedOn", DAY);
  }

  private static Map<String, Object> variables(Map<String, Object> fields) {
    var variables = new LinkedHashMap<String, Object>();
    fields.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    return Map.of("variables", variables);
  }

  private ResponseEntity<String> engineRest(String user, HttpMethod method, String path, Object body) {
    return rest.withBasicAuth(user, "demo").exchange("/engine-rest" + path, method,
        body == null ? null : new HttpEntity<>(body), String.class);
  }

  /** What the record says of every request: states, hops, statements, the ledger and the trail's length. */
  private String record() {
    return jdbc.queryForList("select id, state, current_hop, patient_key from optout.intake_request order by id")
        .toString()
        + jdbc.queryForList("select intake_id, position, stated_key_prefix from optout.intake_confirmation order by id")
        + jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class)
        + jdbc.queryForObject("select count(*) from optout.audit_event", Integer.class)
        + taskService.createTaskQuery().processDefinitionKey(ProcessKeys.INTAKE).list().stream()
            .map(task -> task.getId() + task.getTaskDefinitionKey()).toList();
  }
}
