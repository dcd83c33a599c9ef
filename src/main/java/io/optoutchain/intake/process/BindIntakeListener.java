package io.optoutchain.intake.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.intake.IntakeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * On the start event: binds the request the product just took in to this process instance, in the same
 * transaction. The one read of the intakeId variable, and guarded: a request is bound once, to one
 * instance. Every later step finds its request by the process instance.
 */
@Component
public class BindIntakeListener implements ExecutionListener {

  private final IntakeService intakes;

  public BindIntakeListener(IntakeService intakes) {
    this.intakes = intakes;
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (!(execution.getVariable(IntakeVariables.INTAKE_ID) instanceof Long id)) {
      throw Rejected.conflict("受付の工程は受け付けた求めからだけ始まります", "an intake starts only from a request the product took in");
    }
    intakes.bindProcessInstance(id, execution.getProcessInstanceId());
  }
}
