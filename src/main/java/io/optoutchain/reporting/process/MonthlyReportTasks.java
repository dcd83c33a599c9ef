package io.optoutchain.reporting.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.EngineTables;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodRefSql;
import io.optoutchain.reporting.ReportManifest;
import io.optoutchain.reporting.SentReport;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API's way into the monthly report's user tasks: find the task a report is waiting at and
 * complete it with the same fields a Tasklist form submits, so both channels run the same listeners.
 */
@Service
public class MonthlyReportTasks {

  private final TaskService taskService;
  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;
  private final MonthlyReportService reports;
  private final CurrentActor actor;
  private final NamedParameterJdbcTemplate jdbc;
  private final String waitingForSql;

  public MonthlyReportTasks(TaskService taskService, RuntimeService runtimeService, EngineAsSystem asSystem,
      MonthlyReportService reports, CurrentActor actor, NamedParameterJdbcTemplate jdbc, ProcessEngine engine) {
    this.reports = reports;
    this.jdbc = jdbc;
    this.waitingForSql = waitingForSql(engine);
    this.actor = actor;
    this.taskService = taskService;
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
  }

  /**
   * Completes the task as the caller: the engine refuses a caller whose party the task is not for.
   * Once the completion has committed, the check that follows it runs (see {@link
   * io.optoutchain.process.ChecksAfterEveryCompletion}).
   */
  @Transactional
  public void complete(PeriodRef ref, String taskKey, Map<String, Object> fields) {
    Task task = asSystem.run(() -> taskService.createTaskQuery()
        .processDefinitionKey(ProcessKeys.MONTHLY_REPORT)
        .processInstanceBusinessKey(ref.businessKey())
        .taskDefinitionKeyIn(takingTheSameFields(taskKey))
        .active()
        .singleResult());
    if (task == null) {
      throw Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告は" + describeJa(taskKey) + "を待っていません。待っているのは " + waitingFor(ref) + " です",
          "the " + ref.period() + " report of " + ref.hospitalId() + " is not waiting for "
          + describe(taskKey) + "; it waits for " + waitingFor(ref));
    }
    try {
      taskService.complete(task.getId(), fields);
    } catch (AuthorizationException | NullValueException | NullPointerException e) {
      // A concurrent request may have completed the task first, taking its authorizations with it,
      // or passed the report on to the next hop, whose task was found instead: that is a conflict,
      // not a party working on another's task. (Reading the task's form while the other request
      // deletes its execution fails inside the engine with a NullPointerException.)
      if (asSystem.run(() -> taskService.createTaskQuery().taskId(task.getId()).count()) == 0
          || (task.getTaskDefinitionKey().equals(ProcessKeys.TASK_ACKNOWLEDGE_HOP)
              && actor.current().map(Actor::partyId).map(party -> reports.hasAcknowledged(ref, party)).orElse(false))) {
        throw Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告の" + describeJa(taskKey) + "は、別の要求が先に完了しました。現在待っているのは " + waitingFor(ref) + " です",
            "the " + ref.period() + " report of " + ref.hospitalId() + " is no longer waiting for "
            + describe(taskKey) + ": another request completed it first; it now waits for " + waitingFor(ref));
      }
      throw e;
    }
  }

  /**
   * The ledger keeper replaces the draft awaiting "Review and send" with its own system's manifest,
   * and the review form shows the new draft; sending stays the keeper's step in the task.
   */
  @Transactional
  public SentReport replaceDraft(PeriodRef ref, ReportManifest manifest, Actor caller) {
    // The keeper's draft first: anyone else is refused as such, before learning where the report stands.
    SentReport draft = reports.submitManifest(ref, manifest, caller);
    Task review = asSystem.run(() -> taskService.createTaskQuery()
        .processDefinitionKey(ProcessKeys.MONTHLY_REPORT)
        .processInstanceBusinessKey(ref.businessKey())
        .taskDefinitionKey(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT)
        .active()
        .singleResult());
    if (review == null) {
      throw Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告は" + describeJa(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT)
          + "を待っていないため、下書きは置き換えられません。待っているのは " + waitingFor(ref) + " です",
          "the " + ref.period() + " report of " + ref.hospitalId() + " is not waiting for "
          + describe(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT) + ", so its draft cannot be replaced; it waits for "
          + waitingFor(ref));
    }
    ReportManifest shown = reports.manifestOf(ref, draft);
    asSystem.run(() -> {
      taskService.setVariablesLocal(review.getId(), ShowDraftListener.shown(shown));
      return null;
    });
    return draft;
  }

  /**
   * The task keys a report is waiting at now, and the checks it waits for: one that has not run yet,
   * or failed and waits for the engine's retry or an administrator ({@code Task_CheckReport}, ...).
   * One statement over the engine's runtime tables by the instance period_status binds: the engine's task,
   * instance, job and job-definition queries it replaces ran twice in every API call and took a tenth of the
   * app's CPU in the benchmark.
   */
  @Transactional(readOnly = true)
  public List<String> waitingFor(PeriodRef ref) {
    return jdbc.queryForList(waitingForSql, PeriodRefSql.params(ref), String.class).stream().distinct().toList();
  }

  private static String waitingForSql(ProcessEngine engine) {
    return """
        select w.activity from optout.period_status s cross join lateral (
          select t.task_def_key_ as activity, 0 as kind, t.id_ as id from %s t
           where t.proc_inst_id_ = s.process_instance_id and t.suspension_state_ = 1
          union all
          select d.act_id_, 1, j.id_ from %s j join %s d on d.id_ = j.job_def_id_
           where j.process_instance_id_ = s.process_instance_id and j.type_ = 'message') w
         where %s
         order by w.kind, w.id
        """.formatted(EngineTables.named(engine, "act_ru_task"), EngineTables.named(engine, "act_ru_job"),
        EngineTables.named(engine, "act_ru_jobdef"), PeriodRefSql.MATCH);
  }

  public record OpenTask(String taskId, String taskKey, String name, String hospitalId, String period,
      String finalRecipient, Instant created, Instant due) {}

  /** The open tasks a user's groups may work on, oldest due first. */
  @Transactional(readOnly = true)
  public List<OpenTask> openTasks(Actor actor, int first, int max) {
    if (actor.groups().isEmpty()) {
      return List.of();
    }
    List<Task> tasks = taskService.createTaskQuery()
        .processDefinitionKey(ProcessKeys.MONTHLY_REPORT)
        .taskCandidateGroupIn(List.copyOf(actor.groups()))
        .active()
        .orderByDueDate().asc().orderByTaskCreateTime().asc()
        .listPage(first, max);
    Set<String> instanceIds = tasks.stream().map(Task::getProcessInstanceId).collect(Collectors.toCollection(HashSet::new));
    Map<String, String> businessKeys = instanceIds.isEmpty() ? Map.of()
        : asSystem.run(() -> runtimeService.createProcessInstanceQuery().processInstanceIds(instanceIds).list()).stream()
            .collect(Collectors.toMap(ProcessInstance::getId, ProcessInstance::getBusinessKey, (a, b) -> a));
    return tasks.stream().map(task -> {
      PeriodRef ref = PeriodRef.ofBusinessKey(businessKeys.get(task.getProcessInstanceId()));
      return new OpenTask(task.getId(), task.getTaskDefinitionKey(), task.getName(), ref.hospitalId(),
          ref.period().label(), ref.finalRecipient(), task.getCreateTime().toInstant(),
          task.getDueDate() == null ? null : task.getDueDate().toInstant());
    }).toList();
  }

  /** An acknowledgement is entered on the first count and, if it disagreed, on the receiver's re-check. */
  private static String[] takingTheSameFields(String taskKey) {
    return taskKey.equals(ProcessKeys.TASK_ACKNOWLEDGE_HOP)
        ? new String[] {ProcessKeys.TASK_ACKNOWLEDGE_HOP, ProcessKeys.TASK_RECHECK_ACKNOWLEDGEMENT}
        : new String[] {taskKey};
  }

  private static String describe(String taskKey) {
    return switch (taskKey) {
      case ProcessKeys.TASK_DECLARE_COUNT -> "the hospital's declaration";
      case ProcessKeys.TASK_REVIEW_AND_SEND_REPORT -> "the report to be sent";
      case ProcessKeys.TASK_ACKNOWLEDGE_HOP -> "an acknowledgement";
      case ProcessKeys.TASK_RECHECK_ACKNOWLEDGEMENT -> "the receiver's re-check";
      case ProcessKeys.TASK_RECONCILE_DISCREPANCY -> "a resolution";
      case ProcessKeys.TASK_CONFIRM_APPLIED -> "the final recipient's confirmation that it applies the opt-outs";
      default -> taskKey;
    };
  }

  private static String describeJa(String taskKey) {
    return switch (taskKey) {
      case ProcessKeys.TASK_DECLARE_COUNT -> "病院の申告";
      case ProcessKeys.TASK_REVIEW_AND_SEND_REPORT -> "報告の送付";
      case ProcessKeys.TASK_ACKNOWLEDGE_HOP -> "受領確認";
      case ProcessKeys.TASK_RECONCILE_DISCREPANCY -> "不一致の解決";
      case ProcessKeys.TASK_CONFIRM_APPLIED -> "最終受領者の適用確認";
      default -> taskKey;
    };
  }
}
