package io.optoutchain.support;

import static org.assertj.core.api.Assertions.assertThat;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.EscalationEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;

import static io.optoutchain.reporting.process.ReportVariables.ACKNOWLEDGED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.NIL_ATTESTED;
import static io.optoutchain.reporting.process.ReportVariables.RESOLUTION;
import static io.optoutchain.reporting.process.ReportVariables.RESOLUTION_REASON;

import io.optoutchain.digest.Sha256;
import io.optoutchain.escalation.process.EscalationVariables;
import io.optoutchain.ledger.LedgerRepository;
import io.optoutchain.ledger.LedgerService;
import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.EngineAsUser;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.AppliedConfirmation;
import io.optoutchain.reporting.Declaration;
import io.optoutchain.reporting.DiscrepancyRepository;
import io.optoutchain.reporting.MonthlyReportRepository;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.reporting.PeriodStatusRepository;
import io.optoutchain.reporting.ReportManifest;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.Resolution;
import io.optoutchain.reporting.SentReport;
import io.optoutchain.reporting.process.MonthlyReportStarter;
import io.optoutchain.reporting.process.MonthlyReportTasks;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Drives the monthly report the way operators do: each step as a named demo user of its party,
 * through the same task completion the API and Tasklist use.
 */
public abstract class ReportingTest extends EngineTest {

  protected static final String HOSPITAL = "hospital-a";
  protected static final String HOSPITAL_OPERATOR = "hospital-a-operator";
  protected static final String KEEPER_OPERATOR = "nttdata-operator";
  protected static final String LDI_OPERATOR = "ldi-operator";
  protected static final String JMIMO_OPERATOR = "jmimo-operator";

  @Autowired protected LedgerService ledger;
  @Autowired protected LedgerRepository ledgerRepository;
  @Autowired protected MonthlyReportStarter starter;
  @Autowired protected MonthlyReportTasks tasks;
  @Autowired protected MonthlyReportService reports;
  @Autowired protected MonthlyReportRepository reportRepository;
  @Autowired protected PeriodStatusRepository statuses;
  @Autowired protected DiscrepancyRepository discrepancies;
  @Autowired protected CurrentActor currentActor;
  @Autowired protected EngineAsUser asUser;
  @Autowired protected TestRestTemplate rest;
  @Autowired protected AuthorizationService authorizationService;
  @Autowired protected TaskService taskService;

  /** A pseudonymous patient key, as a hospital would compute it: 64 hex digits, nothing else. */
  protected static String patientKey(String seed) {
    return Sha256.hex("test patient " + seed);
  }


  protected <T> T as(String userId, Supplier<T> action) {
    return asUser.run(userId, action);
  }


  protected void as(String userId, Runnable action) {
    asUser.run(userId, action);
  }


  protected long recordOptOut(String hospital, String key, LocalDate receivedOn) {
    return as(KEEPER_OPERATOR, () -> ledger.record(new NewLedgerEntry(hospital, new PatientKey(key),
        OptOutKind.STOP_PROVISION, receivedOn, null, null), currentActor.requireParty()).id());
  }

  protected ProcessInstance start(String period) {
    String id = starter.start(HOSPITAL, ReportingPeriod.parse(period)).get(0).processInstanceId();
    return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
  }

  protected PeriodRef ref(String period) {
    return reports.refOf(HOSPITAL, ReportingPeriod.parse(period), null);
  }

  /**
   * Runs a started month through the whole chain as the ledger has it: declared, sent, acknowledged
   * twice, and the final recipient confirming it applies the ledger's effective set.
   */
  protected void reconcileAsTheLedgerHasIt(String period) {
    ReportingPeriod month = ReportingPeriod.parse(period);
    int count = ledgerRepository.keysReceivedBetween(HOSPITAL, month.firstDay(), month.lastDay()).size();
    declare(period, count, count == 0 ? true : null);
    sendCompiledReport(period);
    acknowledgeWhatWasSent(LDI_OPERATOR, period);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, period);
    confirmAppliedAsTheLedgerHasIt(period);
  }

  /**
   * J-MIMO confirms it applies the hospital's opt-outs, its exclusion list being the ledger's effective
   * set up to the end of the period (what a recipient that applied everything it was sent holds).
   */
  protected void confirmAppliedAsTheLedgerHasIt(String period) {
    confirmApplied(period, ledgerCumulativeKeys(period).size(), ledgerCumulativeDigestPrefix(period));
  }

  /** J-MIMO states, blind, the count and digest prefix of its own exclusion list of the hospital. */
  protected void confirmApplied(String period, Integer count, String digestPrefix) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(APPLIED_COUNT, count);
    fields.put(APPLIED_DIGEST_PREFIX, digestPrefix);
    as(JMIMO_OPERATOR, () -> tasks.complete(ref(period), ProcessKeys.TASK_CONFIRM_APPLIED, fields));
  }

  /** J-MIMO, having fixed its exclusion list, re-states it in its reconcile task. */
  protected void restateApplied(String period, Integer count, String digestPrefix, String reason) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(RESOLUTION, Resolution.RESTATED_APPLIED_SET.name());
    fields.put(RESOLUTION_REASON, reason);
    fields.put(APPLIED_COUNT, count);
    fields.put(APPLIED_DIGEST_PREFIX, digestPrefix);
    as(JMIMO_OPERATOR, () -> tasks.complete(ref(period), ProcessKeys.TASK_RECONCILE_DISCREPANCY, fields));
  }

  /** The ledger's effective set of the hospital's patients up to the end of the period. */
  protected java.util.Set<PatientKey> ledgerCumulativeKeys(String period) {
    return ledgerRepository.keysReceivedThrough(HOSPITAL, ReportingPeriod.parse(period).lastDay());
  }

  protected String ledgerCumulativeDigestPrefix(String period) {
    return AppliedConfirmation.digestPrefixOf(ReportingPeriod.parse(period), ledgerCumulativeKeys(period));
  }

  protected void declare(String period, Integer count, Boolean nilAttested) {
    declare(period, count, nilAttested, ledgerDigestPrefix(period));
  }

  protected void declare(String period, Integer count, Boolean nilAttested, String digestPrefix) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(DECLARED_COUNT, count);
    fields.put(NIL_ATTESTED, nilAttested);
    fields.put(DECLARED_DIGEST_PREFIX, digestPrefix);
    as(HOSPITAL_OPERATOR, () -> tasks.complete(ref(period), ProcessKeys.TASK_DECLARE_COUNT, fields));
  }

  /** The first 8 hex digits of the digest of the ledger's keys for the hospital and period: the hospital's truth in tests. */
  protected String ledgerDigestPrefix(String period) {
    ReportingPeriod reportingPeriod = ReportingPeriod.parse(period);
    return Declaration.digestPrefixOf(reportingPeriod,
        ledgerRepository.keysReceivedBetween(HOSPITAL, reportingPeriod.firstDay(), reportingPeriod.lastDay()));
  }

  protected void sendCompiledReport(String period) {
    as(KEEPER_OPERATOR, () -> tasks.complete(ref(period), ProcessKeys.TASK_REVIEW_AND_SEND_REPORT, Map.of()));
  }

  /** The keeper sends a manifest from its own system instead of the one compiled from the ledger. */
  protected void sendOwnManifest(String period, List<String> keys, List<String> supplementKeys) {
    as(KEEPER_OPERATOR, () -> {
      reports.submitManifest(ref(period), manifest(period, keys, supplementKeys), currentActor.requireParty());
      tasks.complete(ref(period), ProcessKeys.TASK_REVIEW_AND_SEND_REPORT, Map.of());
    });
  }

  protected static ReportManifest manifest(String period, List<String> keys, List<String> supplementKeys) {
    return new ReportManifest(ReportingPeriod.parse(period), keys.stream().map(PatientKey::new).toList(),
        supplementKeys.stream().map(PatientKey::new).toList());
  }

  protected void acknowledge(String userId, String period, Integer count, String digestPrefix) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(ACKNOWLEDGED_COUNT, count);
    fields.put(DIGEST_PREFIX, digestPrefix);
    as(userId, () -> tasks.complete(ref(period), ProcessKeys.TASK_ACKNOWLEDGE_HOP, fields));
  }

  /** A receiver that disagrees and, asked to re-check its own count, disagrees again: confirmed. */
  protected void acknowledgeAndConfirm(String userId, String period, Integer count, String digestPrefix) {
    acknowledge(userId, period, count, digestPrefix);
    acknowledge(userId, period, count, digestPrefix);
  }

  /** The receiver acknowledges exactly what it was sent: the report's count and its digest's first 8 digits. */
  protected void acknowledgeWhatWasSent(String userId, String period) {
    SentReport sent = currentReport(period);
    acknowledge(userId, period, sent.totalCount(), sent.digest().substring(0, 8));
  }

  protected SentReport currentReport(String period) {
    return reportRepository.currentSent(ref(period)).orElseThrow();
  }

  /** Resolves; a corrected declaration comes with the digest prefix of the ledger's keys, as {@link #declare} does. */
  protected void resolve(String userId, String period, Resolution resolution, String reason, Integer count,
      Boolean nilAttested) {
    resolve(userId, period, resolution, reason, count, nilAttested,
        resolution == Resolution.CORRECTED_DECLARATION ? ledgerDigestPrefix(period) : null);
  }

  protected void resolve(String userId, String period, Resolution resolution, String reason, Integer count,
      Boolean nilAttested, String digestPrefix) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(RESOLUTION, resolution.name());
    fields.put(RESOLUTION_REASON, reason);
    fields.put(DECLARED_COUNT, count);
    fields.put(NIL_ATTESTED, nilAttested);
    fields.put(DECLARED_DIGEST_PREFIX, digestPrefix);
    as(userId, () -> tasks.complete(ref(period), ProcessKeys.TASK_RECONCILE_DISCREPANCY, fields));
  }

  protected PeriodStatus status(String period) {
    return statuses.find(ref(period)).orElseThrow().status();
  }

  protected List<DiscrepancyRepository.DiscrepancyView> discrepancies(String period) {
    return discrepancies.forPeriod(ref(period));
  }

  protected List<DiscrepancyRepository.EscalationView> escalations(String period) {
    return discrepancies.escalations(ref(period));
  }

  /** A certified producer's system uploads a release: one {@code hospitalId,patientKey} line per key. */
  protected ResponseEntity<String> uploadRelease(String requestId, String dataUser, String cutoff, String hospitals,
      String keyLines) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv"));
    // Not JSON, so it says it comes from a program, not from a form on some other site.
    headers.set("X-Requested-By", "optout-chain");
    return rest.withBasicAuth(JMIMO_OPERATOR, "demo").postForEntity("/api/releases?clientRequestId=" + requestId
        + "&dataUser=" + dataUser + "&cutoff=" + cutoff + "&hospitals=" + hospitals,
        new HttpEntity<>(keyLines, headers), String.class);
  }

  protected static String keyLines(String hospital, List<String> keys) {
    return keys.stream().map(k -> hospital + "," + k).collect(Collectors.joining("\n", "", "\n"));
  }

  /** J-MIMO's compliance officer approves a release that passed its checks. */
  protected ResponseEntity<String> approveRelease(long releaseId, String requestId) {
    return rest.withBasicAuth("jmimo-compliance", "demo").postForEntity("/api/releases/" + releaseId + "/decision",
        Map.of("clientRequestId", requestId, "approved", true, "reason", "gate open, no opt-outs"), String.class);
  }

  /** An escalated group follows the task (it may read it) but is no candidate: it cannot take it over. */
  protected void assertFollowedNotTakenBy(Task task, String group) {
    assertThat(authorizationService.isUserAuthorized("a-member", List.of(group), Permissions.READ, Resources.TASK,
        task.getId())).isTrue();
    assertThat(authorizationService.isUserAuthorized("a-member", List.of(group), Permissions.TASK_WORK,
        Resources.TASK, task.getId())).isFalse();
    assertThat(taskService.getIdentityLinksForTask(task.getId())).noneMatch(link -> group.equals(link.getGroupId()));
  }

  /** An escalated group's own task "Handle the escalation" in an instance, as the group finds it in Tasklist. */
  protected Task escalationTaskOf(String processInstanceId, String group) {
    return taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey("Task_HandleEscalation")
        .taskCandidateGroup(group).singleResult();
  }

  protected List<String> candidateGroups(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream().map(IdentityLink::getGroupId)
        .filter(group -> group != null).toList();
  }

  /** The escalated group completes its task with the form's two fields, as Tasklist does. */
  protected void handleEscalation(String user, Task task, String handling, String note) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(EscalationVariables.ESCALATION_HANDLING, handling);
    fields.put(EscalationVariables.ESCALATION_NOTE, note);
    as(user, () -> taskService.complete(task.getId(), fields));
  }

  /** A POST to the engine's REST API as a demo user: what any client of the engine can send. */
  protected ResponseEntity<String> engineRestPost(String user, String path, Object body) {
    return rest.withBasicAuth(user, "demo").exchange("/engine-rest" + path, HttpMethod.POST, new HttpEntity<>(body),
        String.class);
  }

  /** The payloads of the audit events of a type written after an event id (sealed or not). */
  protected List<String> auditPayloads(String eventType, long afterId) {
    return jdbc.queryForList("select payload from optout.audit_event where event_type = ? and id > ? order by id",
        String.class, eventType, afterId);
  }

  protected long lastAuditId() {
    return jdbc.queryForObject("select coalesce(max(id), 0) from optout.audit_event", Long.class);
  }

  /**
   * Escalation drawn once in a process: one escalating service task, Task_Escalate, and every timer on
   * a wait leads straight to an end event that throws an escalation to it.
   */
  protected void assertEscalationDrawnOnce(String processDefinitionId, int timers) {
    var model = processEngine.getRepositoryService().getBpmnModelInstance(processDefinitionId);
    assertThat(model.getModelElementsByType(ServiceTask.class))
        .filteredOn(task -> String.valueOf(task.getCamundaDelegateExpression()).contains("escalate"))
        .extracting(ServiceTask::getId).containsExactly("Task_Escalate");
    var timerEvents = model.getModelElementsByType(BoundaryEvent.class).stream()
        .filter(event -> !event.getChildElementsByType(TimerEventDefinition.class).isEmpty()).toList();
    assertThat(timerEvents).hasSize(timers).allSatisfy(timer -> assertThat(timer.getOutgoing()).singleElement()
        .satisfies(flow -> assertThat(flow.getTarget()).isInstanceOf(EndEvent.class)
            .satisfies(end -> assertThat(end.getChildElementsByType(EscalationEventDefinition.class)).hasSize(1))));
  }

  protected Object variable(ProcessInstance instance, String name) {
    return runtimeService.getVariable(instance.getId(), name);
  }
}
