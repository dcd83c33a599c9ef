package io.optoutchain.reporting.process;

import io.optoutchain.party.PartyGroups;
import io.optoutchain.party.ReportChain;
import io.optoutchain.reporting.DeclarationRepository;
import io.optoutchain.reporting.DiscrepancyRepository;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStatusRepository;
import io.optoutchain.error.Rejected;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * Tells the monthly report's diagram which report it runs and who acts at each step, from our tables
 * and the party directory, keyed by the process instance. Nothing here trusts a process variable: a
 * user who could write one cannot redirect a task, skip a hop or change the subject.
 */
@Component("reportRouting")
public class ReportRouting {

  private final PeriodStatusRepository statuses;
  private final DiscrepancyRepository discrepancies;
  private final DeclarationRepository declarations;
  private final MonthlyReportService reports;
  private final PartyGroups groups;

  public ReportRouting(PeriodStatusRepository statuses, DiscrepancyRepository discrepancies,
      DeclarationRepository declarations, MonthlyReportService reports, PartyGroups groups) {
    this.declarations = declarations;
    this.statuses = statuses;
    this.discrepancies = discrepancies;
    this.reports = reports;
    this.groups = groups;
  }

  /** The report this process instance runs. */
  public PeriodRef report(DelegateExecution execution) {
    return statuses.refOfProcessInstance(execution.getProcessInstanceId());
  }

  /**
   * The report a user's task belongs to, for the step that records what the user entered: the
   * report is locked for the rest of the transaction, and a task that a concurrent request has
   * completed meanwhile is refused as a conflict, before anything is recorded twice.
   */
  public PeriodRef reportOfCompletedTask(DelegateTask task) {
    PeriodRef ref = statuses.lockRefOfProcessInstance(task.getProcessInstanceId());
    if (task.getProcessEngineServices().getTaskService().createTaskQuery().taskId(task.getId()).count() == 0) {
      throw Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告のこのタスクは、同時に別の要求が完了しました。二重には記録していません",
          "this task of the " + ref.period() + " report of " + ref.hospitalId()
          + " was completed by another request at the same time; nothing was recorded twice");
    }
    return ref;
  }

  /** The party acting in a role of this report. */
  public String party(DelegateExecution execution, ReportRole role) {
    return party(report(execution), role);
  }

  public String party(PeriodRef ref, ReportRole role) {
    ReportChain chain = reports.chainOf(ref);
    return switch (role) {
      case HOSPITAL -> ref.hospitalId();
      case LEDGER_KEEPER -> chain.ledgerKeeper();
      case HOP_RECEIVER -> chain.receiver(statuses.currentHop(ref));
      case RESPONSIBLE_PARTY -> discrepancies.findOpen(ref)
          .orElseThrow(() -> new IllegalStateException(ref + " has no open discrepancy"))
          .responsibleParty();
      case FINAL_RECIPIENT -> chain.finalRecipient();
    };
  }

  /** The candidate group of a user task: the operators of the party in that role. */
  public String operators(DelegateExecution execution, String role) {
    return groups.operators(party(execution, ReportRole.valueOf(role)));
  }

  /**
   * Whether the discrepancy just resolved was the final recipient's over its applied exclusion list:
   * its re-statement is compared again, and the report is not sent or acknowledged again.
   */
  public boolean appliedSetRestated(DelegateExecution execution) {
    return reports.appliedSetRestated(report(execution));
  }

  /** Where the hospital's declaration for the month comes from, as this report's diagram needs it. */
  public enum DeclarationRoute {
    /** This report carries the declaration task. */
    DECLARE,
    /** Another report of the month carries it, and the hospital has not declared yet. */
    AWAIT,
    /** The hospital has declared for the month already. */
    DECLARED
  }

  public String declaration(DelegateExecution execution) {
    PeriodRef ref = report(execution);
    if (declarations.latest(ref.hospitalId(), ref.period()).isPresent()) {
      return DeclarationRoute.DECLARED.name();
    }
    return (statuses.declares(ref) ? DeclarationRoute.DECLARE : DeclarationRoute.AWAIT).name();
  }

  /** Whether the last hop of the chain has acknowledged, so the cumulative check comes next. */
  public boolean everyHopAcknowledged(DelegateExecution execution) {
    return reports.everyHopAcknowledged(report(execution));
  }
}
