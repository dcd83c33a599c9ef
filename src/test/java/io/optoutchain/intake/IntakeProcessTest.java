package io.optoutchain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.DiscrepancyKind;
import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.reporting.Declaration;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.ledger.PatientKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stories of a patient's opt-out on its way from where it was made into the ledger. */
class IntakeProcessTest extends IntakeTest {

  private final String key = patientKey("intake-1");

  @Test
  void eachHopConfirmsBlindAndTheLedgerEntryAppearsOnlyWhenTheKeeperConfirmsDatedTheDayFirstReceived() {
    long before = lastAuditId();
    // Received on the last business day of December; handed in after the year-end closure.
    long id = handIn("in-1", key, "2024-12-27");

    var atLdi = openTask(id);
    assertThat(atLdi.getTaskDefinitionKey()).isEqualTo(ProcessKeys.TASK_CONFIRM_INTAKE_HOP);
    assertThat(candidateGroupsOf(atLdi)).containsExactly("ldi-operators");
    assertThat(atLdi.getName()).isEqualTo("受付を確認 / Confirm the request received — Demo Hospital A / デモ病院A"
        + " (hospital-a) #" + id + " 2025-01-06");
    // Monday 09:00 in Tokyo plus 3 business days.
    assertThat(atLdi.getDueDate().toInstant()).isEqualTo(Instant.parse("2025-01-09T00:00:00Z"));
    assertThat(request(id).dueAt()).isEqualTo(Instant.parse("2025-01-09T00:00:00Z"));
    assertThat(ledgerEntries()).isZero();

    state(LDI_OPERATOR, id, key.substring(0, 8), "2024-12-27");

    var atKeeper = openTask(id);
    assertThat(candidateGroupsOf(atKeeper)).containsExactly("nttdata-operators");
    assertThat(request(id).state()).isEqualTo(IntakeState.CONFIRMING);
    assertThat(request(id).hopParty()).isEqualTo("nttdata");
    assertThat(ledgerEntries()).as("nothing is in the ledger before its keeper confirms").isZero();

    state(KEEPER_OPERATOR, id, key.toUpperCase().substring(0, 8), "2024-12-27");

    var recorded = request(id);
    assertThat(recorded.state()).isEqualTo(IntakeState.RECORDED);
    assertThat(jdbc.queryForList("select received_on::text || ' ' || kind || ' ' || recorded_by"
        + " from optout.ledger_entry where id = ?", String.class, recorded.ledgerEntryId()))
        .containsExactly("2024-12-27 STOP_PROVISION nttdata-operator");
    assertThat(ledgerRepository.keysReceivedBetween(HOSPITAL, LocalDate.of(2024, 12, 1), LocalDate.of(2024, 12, 31)))
        .containsExactly(new PatientKey(key));
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(recorded.processInstanceId()).count())
        .isZero();
    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(recorded.processInstanceId())
        .activityId("EndEvent_Recorded").count()).isEqualTo(1);
    assertThat(jdbc.queryForList("select event_type from optout.audit_event where id > ? order by id", String.class,
        before)).containsExactly("INTAKE_RECEIVED", "INTAKE_CONFIRMATION", "INTAKE_CHECK", "INTAKE_CONFIRMATION",
        "INTAKE_CHECK", "LEDGER_ENTRY", "INTAKE_RECORDED");
    assertThat(jdbc.queryForObject("select period from optout.audit_event where event_type = 'INTAKE_RECORDED'"
        + " and id > ?", String.class, before)).isEqualTo("2024-12");
  }

  @Test
  void anOverdueHopEscalatesToItsSupervisorsThenToItsComplianceOfficer() {
    long id = handIn("in-2", key, "2025-01-06");
    String instance = request(id).processInstanceId();
    var atLdi = openTask(id);

    moveClockTo(timerDue(instance, "Timer_ConfirmationOverdue"));

    assertThat(jdbc.queryForList("select escalated_to || ' ' || level || ' ' || cause || ' ' || position"
        + " from optout.intake_escalation", String.class))
        .containsExactly("ldi-supervisors SUPERVISORS OVERDUE_CONFIRMATION 1");
    var supervisors = escalationTaskOf(instance, "ldi-supervisors");
    assertThat(supervisors).isNotNull();
    assertThat(supervisors.getName()).startsWith("上申に対応 / Handle the escalation — Demo Hospital A");
    assertFollowedNotTakenBy(atLdi, "ldi-supervisors");
    assertThat(taskService.getVariableLocal(supervisors.getId(), "escalationMustAct").toString()).contains("ldi-operators");

    moveClockTo(timerDue(instance, "Timer_ConfirmationLongOverdue"));

    assertThat(jdbc.queryForList("select escalated_to || ' ' || level from optout.intake_escalation order by id",
        String.class)).containsExactly("ldi-supervisors SUPERVISORS", "ldi-compliance COMPLIANCE");
    assertThat(escalationTaskOf(instance, "ldi-compliance")).isNotNull();
    assertThat(openTask(id).getId()).as("the late task stays LDI's").isEqualTo(atLdi.getId());

    // LDI's supervisors take the late task over with a reason, and confirm it themselves.
    handleEscalation("ldi-supervisor", supervisors, "TAKEN_OVER", "operator on leave");
    state("ldi-supervisor", id, key.substring(0, 8), "2025-01-06");
    assertThat(candidateGroupsOf(openTask(id))).containsExactly("nttdata-operators");
    assertThat(jdbc.queryForList("select handling from optout.intake_escalation where escalated_to = 'ldi-supervisors'",
        String.class)).containsExactly("TAKEN_OVER");
  }

  @Test
  void aWrongKeyPrefixAtOneHopGoesBackToThatHopWhichIsToldWhatDiffersButNotTheKey() {
    long id = handIn("in-3", key, "2024-12-09");
    state(LDI_OPERATOR, id, key.substring(0, 8), "2024-12-09");
    String wrong = key.startsWith("0") ? "11111111" : "00000000";

    state(KEEPER_OPERATOR, id, wrong, "2024-12-09");

    var recheck = openTask(id);
    assertThat(recheck.getTaskDefinitionKey()).isEqualTo(ProcessKeys.TASK_RECHECK_INTAKE_HOP);
    assertThat(candidateGroupsOf(recheck)).containsExactly("nttdata-operators");
    assertThat(request(id).state()).isEqualTo(IntakeState.RECHECKING);
    String whatDiffers = (String) taskService.getVariableLocal(recheck.getId(), "whatDiffers");
    assertThat(whatDiffers).contains("先頭8桁").contains("the day received agrees").doesNotContain(key.substring(0, 8));
    assertThat(taskService.getVariablesLocal(recheck.getId()).toString()).doesNotContain(key.substring(0, 8))
        .doesNotContain("2024-12-09");
    assertThat(ledgerEntries()).isZero();

    // A wrong day on the re-check is told as such, and the same hop checks again.
    state(KEEPER_OPERATOR, id, key.substring(0, 8), "2024-12-10");
    var again = openTask(id);
    assertThat(again.getTaskDefinitionKey()).isEqualTo(ProcessKeys.TASK_RECHECK_INTAKE_HOP);
    assertThat((String) taskService.getVariableLocal(again.getId(), "whatDiffers")).contains("the key agrees");

    state(KEEPER_OPERATOR, id, key, "2024-12-09");

    assertThat(request(id).state()).isEqualTo(IntakeState.RECORDED);
    assertThat(ledgerEntries()).isEqualTo(1);
    assertThat(jdbc.queryForList("select position || ' ' || key_agrees || ' ' || date_agrees"
        + " from optout.intake_confirmation order by id", String.class))
        .containsExactly("1 true true", "2 false true", "2 true false", "2 true true");
  }

  @Test
  void anOverdueRecheckEscalatesToTheHopThatDiverged() {
    long id = handIn("in-4", key, "2025-01-06");
    state(LDI_OPERATOR, id, "ffffffff".equals(key.substring(0, 8)) ? "00000000" : "ffffffff", "2025-01-06");
    String instance = request(id).processInstanceId();

    moveClockTo(timerDue(instance, "Timer_RecheckOverdue"));

    assertThat(jdbc.queryForList("select escalated_to || ' ' || cause from optout.intake_escalation", String.class))
        .containsExactly("ldi-supervisors OVERDUE_RECHECK");
  }

  @Test
  void aCallCentreRequestIsIdentifiedByTheHospitalAndDatedTheDayTheCallCentreReceivedIt() {
    var handed = post(JMIMO_OPERATOR, "/api/intake/call-centre", Map.of("clientRequestId", "cc-1",
        "hospitalId", HOSPITAL, "reference", "JM-CC-20241209-0042", "kind", "DELETE", "receivedOn", "2024-12-09"));
    assertThat(handed.getStatusCodeValue()).as(handed.getBody()).isEqualTo(202);
    long id = ((Number) json(handed, "$.intakeId")).longValue();
    assertThat(request(id).state()).isEqualTo(IntakeState.IDENTIFYING);
    assertThat(request(id).patientKey()).isNull();

    var identify = openTask(id);
    assertThat(identify.getTaskDefinitionKey()).isEqualTo(ProcessKeys.TASK_IDENTIFY_PATIENT);
    assertThat(candidateGroupsOf(identify)).containsExactly("hospital-a-operators");
    assertThat(identify.getName()).isEqualTo("患者を特定しキーを登録 / Identify the patient and enter the key"
        + " — Demo Hospital A / デモ病院A (hospital-a) #" + id + " 2024-12-09");
    assertThat(taskService.getVariablesLocal(identify.getId())).containsEntry("callCentreReference", "JM-CC-20241209-0042")
        .containsEntry("receivedOn", "2024-12-09");
    // The same reference sent again is the same request.
    var again = post(JMIMO_OPERATOR, "/api/intake/call-centre", Map.of("clientRequestId", "cc-2",
        "hospitalId", HOSPITAL, "reference", "JM-CC-20241209-0042", "kind", "DELETE", "receivedOn", "2024-12-09"));
    assertThat((Boolean) json(again, "$.alreadyInIntake")).isTrue();

    var identified = post(HOSPITAL_OPERATOR, "/api/intake/" + id + "/identification",
        Map.of("clientRequestId", "id-1", "patientKey", key));
    assertThat(identified.getStatusCodeValue()).as(identified.getBody()).isEqualTo(200);
    assertThat(candidateGroupsOf(openTask(id))).containsExactly("ldi-operators");

    var confirmed = post(LDI_OPERATOR, "/api/intake/" + id + "/confirmation",
        Map.of("clientRequestId", "ldi-1", "keyPrefix", key.substring(0, 8), "receivedOn", "2024-12-09"));
    assertThat(confirmed.getStatusCodeValue()).as(confirmed.getBody()).isEqualTo(200);
    post(KEEPER_OPERATOR, "/api/intake/" + id + "/confirmation",
        Map.of("clientRequestId", "ntt-1", "keyPrefix", key.substring(0, 8), "receivedOn", "2024-12-09"));

    assertThat(request(id).state()).isEqualTo(IntakeState.RECORDED);
    assertThat(jdbc.queryForList("select received_on::text || ' ' || kind from optout.ledger_entry", String.class))
        .containsExactly("2024-12-09 DELETE");
    assertThat(ReportingPeriod.of(LocalDate.of(2024, 12, 9)).label()).isEqualTo("2024-12");
  }

  @Test
  void aCallCentresReferenceMatchingNoPatientClosesTheRequestAndNothingReachesTheLedger() {
    var handed = post(LDI_OPERATOR, "/api/intake/call-centre", Map.of("clientRequestId", "cc-none",
        "hospitalId", HOSPITAL, "reference", "LDI-CC-7", "kind", "STOP_PROVISION", "receivedOn", "2024-12-11"));
    long id = ((Number) json(handed, "$.intakeId")).longValue();

    var both = post(HOSPITAL_OPERATOR, "/api/intake/" + id + "/identification",
        Map.of("clientRequestId", "id-both", "patientKey", key, "patientNotFound", true));
    assertThat(both.getStatusCodeValue()).isEqualTo(400);
    assertThat(json(both, "$.field").toString()).isEqualTo("patientKey");
    assertThat(request(id).state()).isEqualTo(IntakeState.IDENTIFYING);

    var none = post(HOSPITAL_OPERATOR, "/api/intake/" + id + "/identification",
        Map.of("clientRequestId", "id-none", "patientNotFound", true));

    assertThat(none.getStatusCodeValue()).as(none.getBody()).isEqualTo(200);
    assertThat(request(id).state()).isEqualTo(IntakeState.NOT_IDENTIFIED);
    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(request(id).processInstanceId())
        .activityId("EndEvent_NotIdentified").count()).isEqualTo(1);
    assertThat(ledgerEntries()).isZero();
    assertThat(json(get(LDI_OPERATOR, "/api/intake/" + id), "$.state").toString()).isEqualTo("NOT_IDENTIFIED");
    assertThat(jdbc.queryForObject("select count(*) from optout.audit_event where event_type = 'INTAKE_NOT_IDENTIFIED'"
        + " and payload like ?", Integer.class, "%\"intakeId\":" + id + "%")).isEqualTo(1);
  }

  @Test
  void aRequestStillInIntakeAtMonthEndIsADeclarationTheLedgerDoesNotMatchUntilIntakeFinishes() {
    long id = handIn("in-5", key, "2024-12-20");
    state(LDI_OPERATOR, id, key.substring(0, 8), "2024-12-20");
    start("2024-12");

    // The hospital counts its own request; the ledger does not hold it yet.
    declare("2024-12", 1, null, Declaration.digestPrefixOf(ReportingPeriod.parse("2024-12"), List.of(new PatientKey(key))));
    sendCompiledReport("2024-12");

    assertThat(status("2024-12")).isEqualTo(PeriodStatus.DISCREPANCY);
    assertThat(discrepancies("2024-12")).extracting(d -> d.kind() + " " + d.responsibleParty())
        .contains(DiscrepancyKind.DECLARATION_DIFFERS_FROM_LEDGER.name() + " hospital-a");
    assertThat(request(id).state()).isEqualTo(IntakeState.CONFIRMING);
  }

  @Test
  void theHospitalFollowsEachOfItsRequestsAndAHopSeesNeitherKeyNorDay() {
    long first = handIn("in-6", key, "2024-12-09");
    long second = handIn("in-7", patientKey("intake-2"), "2024-12-10");
    state(LDI_OPERATOR, second, patientKey("intake-2").substring(0, 8), "2024-12-10");

    var list = get(HOSPITAL_OPERATOR, "/api/intake?hospitalId=hospital-a&size=10");

    assertThat(list.getStatusCodeValue()).isEqualTo(200);
    assertThat(((Number) json(list, "$.total")).intValue()).isEqualTo(2);
    assertThat((List<Object>) json(list, "$.items[*].id")).containsExactly((int) second, (int) first);
    assertThat((List<Object>) json(list, "$.items[*].hopParty")).containsExactly("nttdata", "ldi");
    assertThat((List<Object>) json(list, "$.items[*].receivedOn")).containsExactly("2024-12-10", "2024-12-09");
    assertThat((List<Object>) json(list, "$.items[*].dueAt")).doesNotContainNull();
    assertThat(get("hospital-b-operator", "/api/intake?hospitalId=hospital-a").getStatusCodeValue()).isEqualTo(403);
    assertThat(get(LDI_OPERATOR, "/api/intake?hospitalId=hospital-a").getStatusCodeValue()).isEqualTo(403);

    var asHop = get(LDI_OPERATOR, "/api/intake/" + first);
    assertThat(asHop.getStatusCodeValue()).isEqualTo(200);
    assertThat(asHop.getBody()).doesNotContain(key.substring(0, 8)).doesNotContain("2024-12-09");
    assertThat(get("hospital-b-operator", "/api/intake/" + first).getStatusCodeValue()).isEqualTo(404);
    assertThat(get(HOSPITAL_OPERATOR, "/api/intake/" + first).getBody()).contains(key);
  }

  @Test
  void theHospitalsLedgerDoorsNowStartAnIntakeAndOnlyTheKeeperWritesTheLedgerDirectly() {
    var byHospital = post(HOSPITAL_OPERATOR, "/api/ledger/entries", Map.of("clientRequestId", "l-1",
        "hospitalId", HOSPITAL, "patientKey", key, "kind", "STOP_PROVISION", "receivedOn", "2024-12-09"));
    assertThat(byHospital.getStatusCodeValue()).isEqualTo(202);
    assertThat(byHospital.getHeaders().getLocation()).hasToString("/api/intake/" + json(byHospital, "$.intakeId"));
    assertThat(ledgerEntries()).isZero();
    // Sent again under a new id, it is the same request in intake.
    var again = post(HOSPITAL_OPERATOR, "/api/ledger/entries", Map.of("clientRequestId", "l-2",
        "hospitalId", HOSPITAL, "patientKey", key, "kind", "STOP_PROVISION", "receivedOn", "2024-12-09"));
    assertThat((Boolean) json(again, "$.alreadyInIntake")).isTrue();
    assertThat(jdbc.queryForObject("select count(*) from optout.intake_request", Integer.class)).isEqualTo(1);

    var byKeeper = post(KEEPER_OPERATOR, "/api/ledger/entries", Map.of("clientRequestId", "l-3",
        "hospitalId", HOSPITAL, "patientKey", patientKey("keeper's own"), "kind", "STOP_PROVISION",
        "receivedOn", "2024-12-09"));
    assertThat(byKeeper.getStatusCodeValue()).isEqualTo(201);
    long entry = ((Number) json(byKeeper, "$.entryId")).longValue();

    var correctionByHospital = post(HOSPITAL_OPERATOR, "/api/ledger/entries", Map.of("clientRequestId", "l-4",
        "hospitalId", HOSPITAL, "patientKey", patientKey("keeper's own"), "kind", "STOP_PROVISION",
        "receivedOn", "2024-12-08", "correctsEntryId", entry, "reason", "received a day earlier"));
    assertThat(correctionByHospital.getStatusCodeValue()).isEqualTo(403);
    assertThat(ledgerEntries()).isEqualTo(1);
  }

  @Test
  void aHopsFormShowsTheRequestButNeitherTheKeyNorTheDayItStatesBlind() throws Exception {
    long id = handIn("in-8", key, "2024-12-09");
    var task = openTask(id);

    String form;
    try (var deployed = processEngine.getFormService().getDeployedTaskForm(task.getId())) {
      form = new String(deployed.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    assertThat(form).contains("\"id\": \"confirm-intake-hop\"").contains("\"key\": \"statedKeyPrefix\"")
        .contains("\"key\": \"statedReceivedOn\"");
    assertThat(java.util.regex.Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(form).results().map(m -> m.group(1))
        .distinct()).isSubsetOf(List.of("intakeNumber", "hospital", "kind", "hop", "handedOverOn", "dueOn"));
    assertThat(taskService.getVariablesLocal(task.getId()).toString()).doesNotContain(key.substring(0, 8))
        .doesNotContain("2024-12-09").contains("2025-01-09 09:00 (JST)");
    assertThat(runtimeService.getVariables(request(id).processInstanceId()).toString())
        .doesNotContain(key.substring(0, 8)).doesNotContain("2024-12-09");
  }

  @Test
  void theHospitalsPageIsInJapaneseWithTheEnglishBeside() {
    var page = get(HOSPITAL_OPERATOR, "/audit/intake.html");

    assertThat(page.getStatusCodeValue()).isEqualTo(200);
    assertThat(page.getBody()).contains("オプトアウトの受付状況 / Opt-out requests in intake")
        .contains("確認待ちの当事者 / Waiting for").contains("/api/intake?");
  }
}
