package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.DISCREPANCY_FIGURES;
import static io.optoutchain.reporting.process.ReportVariables.DISCREPANCY_FOUND_BY;
import static io.optoutchain.reporting.process.ReportVariables.DISCREPANCY_WHAT;
import static io.optoutchain.reporting.process.ReportVariables.DISCREPANCY_WHERE;
import static io.optoutchain.reporting.process.ReportVariables.MAY_CORRECT_DECLARATION;
import static io.optoutchain.reporting.process.ReportVariables.MAY_CORRECT_REPORT;
import static io.optoutchain.reporting.process.ReportVariables.MAY_RESTATE_APPLIED;

import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.party.ReportChain;
import io.optoutchain.reporting.DiscrepancyExplanation;
import io.optoutchain.reporting.DiscrepancyRepository;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.Resolution;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

/**
 * When "Reconcile the discrepancy" is created: tells its form, in task-local variables, what
 * disagreed, at which hop, who found it, and which resolutions the responsible party can use. The
 * figures are shown as the report's overview shows them: only to the party that must fix them, so
 * only while every candidate of the task is of that party (an escalation to another party later
 * takes them off, see {@link EscalateDelegate}).
 */
@Component
public class ExplainDiscrepancyListener implements org.camunda.bpm.engine.delegate.TaskListener {

  private final ReportRouting routing;
  private final DiscrepancyRepository discrepancies;
  private final MonthlyReportService reports;
  private final PartyDirectory directory;
  private final PartyGroups groups;

  public ExplainDiscrepancyListener(ReportRouting routing, DiscrepancyRepository discrepancies,
      MonthlyReportService reports, PartyDirectory directory, PartyGroups groups) {
    this.routing = routing;
    this.discrepancies = discrepancies;
    this.reports = reports;
    this.directory = directory;
    this.groups = groups;
  }

  @Override
  public void notify(DelegateTask task) {
    PeriodRef ref = routing.report(task.getExecution());
    var open = discrepancies.findOpen(ref)
        .orElseThrow(() -> new IllegalStateException(ref + " has no open discrepancy"));
    var found = discrepancies.forPeriod(ref).stream().filter(d -> d.id() == open.id()).findFirst().orElseThrow();
    ReportChain chain = reports.chainOf(ref);
    var explanation = DiscrepancyExplanation.of(open.kind(), open.hop(), found.expected(), found.actual(),
        found.detail(), chain, this::name);

    task.setVariableLocal(DISCREPANCY_WHAT, explanation.what());
    task.setVariableLocal(DISCREPANCY_WHERE, explanation.where());
    task.setVariableLocal(DISCREPANCY_FOUND_BY, explanation.foundBy()
        + "。対応する当事者 / to be resolved by: " + name(open.responsibleParty()));
    if (onlyTheResponsiblePartyWorksOn(task, open.responsibleParty()) && !explanation.figures().isEmpty()) {
      task.setVariableLocal(DISCREPANCY_FIGURES, explanation.figures());
    }
    task.setVariableLocal(MAY_CORRECT_REPORT,
        Resolution.CORRECTED_REPORT.offeredFor(open.kind(), chain, open.responsibleParty()));
    task.setVariableLocal(MAY_CORRECT_DECLARATION,
        Resolution.CORRECTED_DECLARATION.offeredFor(open.kind(), chain, open.responsibleParty()));
    task.setVariableLocal(MAY_RESTATE_APPLIED,
        Resolution.RESTATED_APPLIED_SET.offeredFor(open.kind(), chain, open.responsibleParty()));
  }

  private boolean onlyTheResponsiblePartyWorksOn(DelegateTask task, String responsibleParty) {
    var candidates = task.getCandidates().stream().filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
        .toList();
    return !candidates.isEmpty() && candidates.stream().allMatch(link -> link.getGroupId() != null
        && groups.partyOf(link.getGroupId()).equals(Optional.of(responsibleParty)));
  }

  private String name(String partyId) {
    return directory.party(partyId).map(Party::name).orElse(partyId);
  }
}
