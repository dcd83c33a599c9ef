package io.optoutchain.release.process;

import io.optoutchain.ledger.OptOutRecorded;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.release.ReleaseService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * In the transaction that records an opt-out, and before a recall looks for released data: every
 * release still awaiting approval that holds the patient is blocked, and its process leaves the
 * approval task. A release being recorded at that moment holds its row; this waits for it, and the
 * recall that follows then finds it RELEASED.
 */
@Component
public class ReleaseStopper {

  public static final String MESSAGE_BLOCKED = "ReleaseBlockedByOptOut";

  private final ReleaseService releases;
  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;

  public ReleaseStopper(ReleaseService releases, RuntimeService runtimeService, EngineAsSystem asSystem) {
    this.releases = releases;
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
  }

  @EventListener
  @Order(Ordered.HIGHEST_PRECEDENCE)
  public void onOptOutRecorded(OptOutRecorded recorded) {
    var entry = recorded.entry();
    for (var blocked : releases.blockAwaitingApprovalContaining(entry.hospitalId(), entry.patientKey().value(),
        entry.id())) {
      if (blocked.processInstanceId() == null) {
        continue;
      }
      asSystem.run(() -> runtimeService.createMessageCorrelation(MESSAGE_BLOCKED)
          .processInstanceId(blocked.processInstanceId()).correlateWithResult());
    }
  }
}
