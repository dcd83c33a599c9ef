package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.process.ProcessKeys;
import io.optoutchain.release.GateDecision;
import io.optoutchain.release.ProvisionGate;
import io.optoutchain.reporting.process.ReportVariables;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A hospital whose records go to two certified producers, as in the seed: LDI as producer
 * (NTT Data → LDI) and J-MIMO (NTT Data → LDI → J-MIMO). Each is its own monthly report with its own
 * status, gate and escalations; the hospital declares once and both compare that declaration.
 */
class TwoProducersTest extends ReportingTest {

  private static final String TWO_PRODUCERS = "hospital-d";
  private static final ReportingPeriod DECEMBER = ReportingPeriod.parse("2024-12");
  private static final PeriodRef TO_LDI = new PeriodRef(TWO_PRODUCERS, DECEMBER, "ldi");
  private static final PeriodRef TO_JMIMO = new PeriodRef(TWO_PRODUCERS, DECEMBER, "jmimo");

  @Autowired ProvisionGate gate;

  @Test
  void eachProducerHasItsOwnReportAndTheHospitalDeclaresOnce() {
    recordOptOut(TWO_PRODUCERS, patientKey("d1"), LocalDate.of(2024, 12, 10));

    var started = starter.start(TWO_PRODUCERS, DECEMBER);

    assertThat(started).extracting(s -> s.finalRecipient()).containsExactly("ldi", "jmimo");
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKeyLike(TWO_PRODUCERS + ":%").list())
        .extracting(ProcessInstance::getBusinessKey)
        .containsExactlyInAnyOrder("hospital-d:2024-12:ldi", "hospital-d:2024-12:jmimo");
    // One declaration task for the month, in its first report; the other report waits for it.
    assertThat(taskService.createTaskQuery().taskDefinitionKey(ProcessKeys.TASK_DECLARE_COUNT)
        .processInstanceBusinessKeyLike(TWO_PRODUCERS + ":%").list()).hasSize(1);
    PeriodRef declaring = reports.declaringRefOf(TWO_PRODUCERS, DECEMBER);
    PeriodRef waiting = declaring.equals(TO_LDI) ? TO_JMIMO : TO_LDI;
    BpmnAwareTests.assertThat(instance(waiting)).isWaitingAt("Event_HospitalDeclared");
    // Nobody hurries it: the wait reads our tables, and a variable written over the engine is no declaration.
    runtimeService.setVariable(instance(waiting).getId(), ReportVariables.HOSPITAL_DECLARED, true);
    BpmnAwareTests.assertThat(instance(waiting)).isWaitingAt("Event_HospitalDeclared");

    as("hospital-d-operator", () -> tasks.complete(declaring, ProcessKeys.TASK_DECLARE_COUNT, Map.of(
        ReportVariables.DECLARED_COUNT, 1, ReportVariables.NIL_ATTESTED, false,
        ReportVariables.DECLARED_DIGEST_PREFIX, Declaration.digestPrefixOf(DECEMBER, List.of(key("d1"))))));

    // Both reports go on to the ledger keeper, each compiled for its own recipient.
    for (PeriodRef ref : List.of(TO_LDI, TO_JMIMO)) {
      BpmnAwareTests.assertThat(instance(ref)).isWaitingAt(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT);
    }
    assertThat(taskService.createTaskQuery().taskDefinitionKey(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT)
        .processInstanceBusinessKey(TO_JMIMO.businessKey()).singleResult().getName())
        .endsWith("Demo Hospital D / デモ病院D (hospital-d) 2024-12 → J-MIMO");

    // LDI's own chain: one hop, LDI acknowledges and confirms what it applied. Reconciled.
    as(KEEPER_OPERATOR, () -> tasks.complete(TO_LDI, ProcessKeys.TASK_REVIEW_AND_SEND_REPORT, Map.of()));
    SentReport toLdi = reportRepository.currentSent(TO_LDI).orElseThrow();
    as(LDI_OPERATOR, () -> tasks.complete(TO_LDI, ProcessKeys.TASK_ACKNOWLEDGE_HOP, Map.of(
        ReportVariables.ACKNOWLEDGED_COUNT, 1, ReportVariables.DIGEST_PREFIX, toLdi.digest().substring(0, 8))));
    as(LDI_OPERATOR, () -> tasks.complete(TO_LDI, ProcessKeys.TASK_CONFIRM_APPLIED, Map.of(
        ReportVariables.APPLIED_COUNT, 1,
        ReportVariables.APPLIED_DIGEST_PREFIX, AppliedConfirmation.digestPrefixOf(DECEMBER, List.of(key("d1"))))));
    assertThat(statuses.find(TO_LDI).orElseThrow().status()).isEqualTo(PeriodStatus.RECONCILED);

    // J-MIMO's chain: the keeper's system files December under January's figures, "0 persons".
    as(KEEPER_OPERATOR, () -> {
      reports.submitManifest(TO_JMIMO, new ReportManifest(DECEMBER, List.of(), List.of()), currentActor.requireParty());
      tasks.complete(TO_JMIMO, ProcessKeys.TASK_REVIEW_AND_SEND_REPORT, Map.of());
    });
    assertThat(discrepancies.forPeriod(TO_JMIMO)).singleElement()
        .satisfies(d -> assertThat(d.responsibleParty()).isEqualTo("nttdata"));
    assertThat(discrepancies.forPeriod(TO_LDI)).isEmpty();
    moveClockTo(timerDue(instance(TO_JMIMO).getId(), "Timer_EscalateToComplianceOfficer").plusSeconds(1));
    assertThat(statuses.find(TO_JMIMO).orElseThrow().status()).isEqualTo(PeriodStatus.ESCALATED);
    assertThat(discrepancies.escalations(TO_JMIMO)).extracting(e -> e.escalatedTo())
        .containsExactly("nttdata-supervisors", "jmimo-compliance");
    assertThat(discrepancies.escalations(TO_LDI)).isEmpty();
    assertThat(statuses.find(TO_LDI).orElseThrow().status()).isEqualTo(PeriodStatus.RECONCILED);

    // Each gate decides on its own chain: LDI may provide December's data, J-MIMO may not.
    LocalDate cutoff = LocalDate.of(2024, 12, 31);
    assertThat(gate.decide("ldi", cutoff, List.of(TWO_PRODUCERS)).decision()).isEqualTo(GateDecision.Decision.OPEN);
    GateDecision jmimo = gate.decide("jmimo", cutoff, List.of(TWO_PRODUCERS));
    assertThat(jmimo.decision()).isEqualTo(GateDecision.Decision.CLOSED);
    assertThat(jmimo.blocking()).extracting(b -> b.hospitalId() + " " + b.period() + " " + b.status())
        .containsExactly("hospital-d 2024-12 ESCALATED");
  }

  @Test
  void theApiAsksWhichRecipientWhenAHospitalHasTwo() {
    starter.start(TWO_PRODUCERS, DECEMBER);

    var ambiguous = get("nttdata-operator", "/api/reports/hospital-d/2024-12");
    var toLdi = get("nttdata-operator", "/api/reports/hospital-d/2024-12?recipient=ldi");
    var unknown = get("nttdata-operator", "/api/reports/hospital-d/2024-12?recipient=datauser-1");

    assertThat(ambiguous.getStatusCode().value()).isEqualTo(400);
    assertThat(ambiguous.getBody()).contains("recipient").contains("jmimo").contains("ldi");
    assertThat(toLdi.getStatusCode().value()).isEqualTo(200);
    assertThat(toLdi.getBody()).contains("\"finalRecipient\":\"ldi\"");
    assertThat(unknown.getStatusCode().value()).isEqualTo(404);
  }

  private ProcessInstance instance(PeriodRef ref) {
    return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(ref.businessKey()).singleResult();
  }

  private static io.optoutchain.ledger.PatientKey key(String seed) {
    return new io.optoutchain.ledger.PatientKey(patientKey(seed));
  }

  private org.springframework.http.ResponseEntity<String> get(String userId, String path) {
    return rest.withBasicAuth(userId, "demo").getForEntity(path, String.class);
  }

  @org.junit.jupiter.api.BeforeEach
  void hospitalDHasAnOperator() {
    if (identityService.createUserQuery().userId("hospital-d-operator").count() == 0) {
      var user = identityService.newUser("hospital-d-operator");
      user.setPassword("demo");
      identityService.saveUser(user);
      identityService.createMembership("hospital-d-operator", "hospital-d-operators");
    }
  }
}
