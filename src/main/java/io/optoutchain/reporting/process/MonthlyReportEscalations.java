package io.optoutchain.reporting.process;

import io.optoutchain.escalation.Escalation;
import io.optoutchain.escalation.EscalationBrief;
import io.optoutchain.escalation.EscalationTable;
import io.optoutchain.escalation.ProcessEscalations;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStatusRepository;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The monthly report's escalations (table {@code escalation}), as the escalated group's task shows them. */
@Component
public class MonthlyReportEscalations implements ProcessEscalations {

  private final PeriodStatusRepository statuses;
  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final PartyDirectory directory;
  private final PartyGroups groups;

  public MonthlyReportEscalations(PeriodStatusRepository statuses,
      MonthlyReportService reports, ReportRouting routing, PartyDirectory directory, PartyGroups groups) {
    this.statuses = statuses;
    this.reports = reports;
    this.routing = routing;
    this.directory = directory;
    this.groups = groups;
  }

  @Override
  public String processKey() {
    return ProcessKeys.MONTHLY_REPORT;
  }

  @Override
  public EscalationTable table() {
    return EscalationTable.MONTHLY_REPORT;
  }

  /** Every wait of the monthly report is a party's operators' work. */
  @Override
  public boolean lateWorkIsOperators(String cause) {
    return true;
  }

  @Override
  public EscalationBrief brief(Escalation escalation) {
    PeriodRef ref = statuses.refOfProcessInstance(escalation.processInstanceId());
    var cause = EscalationCode.Cause.valueOf(escalation.cause());
    // The last escalation reaches the final recipient's compliance officer; every other, supervisors.
    EscalationLevel level = escalation.escalatedTo().equals(groups.compliance(ref.finalRecipient()))
        ? EscalationLevel.COMPLIANCE : EscalationLevel.SUPERVISORS;
    String hospital = directory.party(ref.hospitalId()).map(Party::name).orElse(ref.hospitalId());
    return new EscalationBrief(hospital + " (" + ref.hospitalId() + ") " + ref.period().label()
        + " の " + ref.finalRecipient() + " 宛の月次報告 / monthly report to " + ref.finalRecipient(),
        cause.described() + (level == EscalationLevel.SUPERVISORS ? "（監督者への上申 / escalated to the supervisors）"
            : "（コンプライアンス責任者への上申。この月のデータは提供できません / escalated to the compliance officer;"
                + " no data of this month may be provided）"),
        groups.operators(routing.party(ref, cause.mustAct())));
  }

  @Override
  public void recordHandled(Escalation escalation, Map<String, Object> payload) {
    reports.recordEscalationHandled(statuses.refOfProcessInstance(escalation.processInstanceId()), payload);
  }
}
