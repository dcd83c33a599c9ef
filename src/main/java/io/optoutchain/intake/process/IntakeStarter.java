package io.optoutchain.intake.process;

import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.ProcessKeys;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * Starts the intake process for a request just taken in, in the same transaction, as the product: no
 * party may create instances. The start event binds the request to the instance.
 */
@Component
public class IntakeStarter {

  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;

  public IntakeStarter(RuntimeService runtimeService, EngineAsSystem asSystem) {
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
  }

  public String start(long intakeId) {
    return asSystem.run(() -> runtimeService.startProcessInstanceByKey(ProcessKeys.INTAKE, "intake:" + intakeId,
        Map.of(IntakeVariables.INTAKE_ID, intakeId)).getId());
  }
}
