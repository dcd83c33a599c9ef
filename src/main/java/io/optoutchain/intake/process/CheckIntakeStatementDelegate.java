package io.optoutchain.intake.process;

import io.optoutchain.intake.IntakeService;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.EngineAsUser;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Compares the current hop's statement with the hospital's key and date and moves the request on: next
 * hop, re-check at the same hop, or (the ledger keeper agreeing) the ledger entry, written now. The check
 * runs after the hop's confirmation has committed (an async continuation, with no user of its own): it
 * acts for the user whose statement it checks.
 */
@Component
public class CheckIntakeStatementDelegate implements JavaDelegate {

  private final IntakeService intakes;
  private final CurrentActor actor;
  private final EngineAsUser asUser;

  public CheckIntakeStatementDelegate(IntakeService intakes, CurrentActor actor, EngineAsUser asUser) {
    this.intakes = intakes;
    this.actor = actor;
    this.asUser = asUser;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String processInstanceId = execution.getProcessInstanceId();
    Actor statedBy = asUser.run(intakes.statementToCheckBy(processInstanceId), actor::requireParty);
    intakes.check(processInstanceId, statedBy);
  }
}
