package io.optoutchain.intake.process;

import io.optoutchain.intake.IntakeService;
import io.optoutchain.party.CurrentActor;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Compares the current hop's statement with the hospital's key and date and moves the request on: next
 * hop, re-check at the same hop, or (the ledger keeper agreeing) the ledger entry, written now, in the
 * transaction of the keeper's confirmation.
 */
@Component
public class CheckIntakeStatementDelegate implements JavaDelegate {

  private final IntakeService intakes;
  private final CurrentActor actor;

  public CheckIntakeStatementDelegate(IntakeService intakes, CurrentActor actor) {
    this.intakes = intakes;
    this.actor = actor;
  }

  @Override
  public void execute(DelegateExecution execution) {
    intakes.check(execution.getProcessInstanceId(), actor.requireParty());
  }
}
