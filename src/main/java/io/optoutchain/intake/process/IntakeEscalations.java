package io.optoutchain.intake.process;

import io.optoutchain.escalation.Escalation;
import io.optoutchain.escalation.EscalationBrief;
import io.optoutchain.escalation.EscalationTable;
import io.optoutchain.escalation.ProcessEscalations;
import io.optoutchain.intake.IntakeEscalationCause;
import io.optoutchain.intake.IntakeRequest;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.ProcessKeys;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The intake's escalations (table {@code intake_escalation}), as the escalated group's task shows them. */
@Component
public class IntakeEscalations implements ProcessEscalations {

  private final IntakeService intakes;
  private final PartyDirectory directory;
  private final PartyGroups groups;

  public IntakeEscalations(IntakeService intakes, PartyDirectory directory, PartyGroups groups) {
    this.intakes = intakes;
    this.directory = directory;
    this.groups = groups;
  }

  @Override
  public String processKey() {
    return ProcessKeys.INTAKE;
  }

  @Override
  public EscalationTable table() {
    return EscalationTable.INTAKE;
  }

  /** Every wait of the intake is a party's operators' work, which its supervisors may take over. */
  @Override
  public boolean lateWorkIsOperators(String cause) {
    return true;
  }

  @Override
  public EscalationBrief brief(Escalation escalation) {
    IntakeRequest request = intakes.ofProcessInstance(escalation.processInstanceId());
    var cause = IntakeEscalationCause.Cause.valueOf(escalation.cause());
    String late = cause.hospitalIsLate() ? request.hospitalId()
        : intakes.escalatedHop(escalation.id()).map(hop -> request.route().get(hop - 1)).orElse(request.hospitalId());
    boolean toCompliance = escalation.escalatedTo().equals(groups.compliance(late));
    String hospital = directory.party(request.hospitalId()).map(Party::name).orElse(request.hospitalId());
    return new EscalationBrief("オプトアウトの受付 #" + request.id() + "（" + hospital + " (" + request.hospitalId()
        + ")）/ opt-out request #" + request.id() + " in intake",
        cause.described() + (toCompliance ? "（コンプライアンス責任者への上申 / escalated to the compliance officer）"
            : "（監督者への上申 / escalated to the supervisors）"),
        groups.operators(late));
  }

  @Override
  public void recordHandled(Escalation escalation, Map<String, Object> payload) {
    intakes.recordEscalationHandled(escalation.processInstanceId(), payload);
  }
}
