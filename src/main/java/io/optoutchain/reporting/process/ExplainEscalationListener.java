package io.optoutchain.reporting.process;

import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.reporting.ReportingPeriod;
import java.time.format.DateTimeFormatter;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * When an escalated group's own task "Handle the escalation" is created: tells its form what is late,
 * which party must act, when it was escalated, and whether this group may take the late task over
 * (only the supervisors of that party may).
 */
@Component
public class ExplainEscalationListener implements TaskListener {

  private static final DateTimeFormatter TOKYO_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final ReportRouting routing;
  private final PartyDirectory directory;

  public ExplainEscalationListener(ReportRouting routing, PartyDirectory directory) {
    this.routing = routing;
    this.directory = directory;
  }

  @Override
  public void notify(DelegateTask task) {
    var escalation = routing.escalation(task.getExecution());
    var cause = EscalationCode.Cause.valueOf(escalation.cause());
    String mustAct = routing.party(task.getExecution(), cause.mustAct());
    task.setVariableLocal(ReportVariables.ESCALATION_WHAT, cause.described() + (escalation.level()
        == EscalationLevel.SUPERVISORS ? "（監督者への上申 / escalated to the supervisors）"
        : "（コンプライアンス責任者への上申。この月のデータは提供できません / escalated to the compliance officer;"
            + " no data of this month may be provided）"));
    task.setVariableLocal(ReportVariables.ESCALATION_MUST_ACT,
        directory.party(mustAct).map(Party::name).orElse(mustAct) + " (" + mustAct + ")");
    task.setVariableLocal(ReportVariables.ESCALATED_ON,
        TOKYO_MINUTES.format(escalation.escalatedAt().atZone(ReportingPeriod.ZONE)) + " (JST)");
    task.setVariableLocal(ReportVariables.MAY_TAKE_OVER, escalation.level() == EscalationLevel.SUPERVISORS);
  }
}
