package io.optoutchain.recall.process;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.ledger.OptOutRecorded;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.recall.RecallRepository;
import java.time.Clock;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts a recall, in the same transaction, whenever the ledger takes an opt-out (new or
 * corrected) whose patient is in data already provided since the hospital received the request.
 */
@Component
public class RecallStarter {

  public static final String PROCESS_KEY = "OptOutRecall";
  static final String BUSINESS_KEY_PREFIX = "recall:";

  private final RecallRepository recalls;
  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;
  private final AuditTrail audit;
  private final Clock clock;

  public RecallStarter(RecallRepository recalls, RuntimeService runtimeService,
      EngineAsSystem asSystem, AuditTrail audit, Clock clock) {
    this.audit = audit;
    this.recalls = recalls;
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
    this.clock = clock;
  }

  @EventListener
  public void onOptOutRecorded(OptOutRecorded recorded) {
    var entry = recorded.entry();
    var affected = recalls.releasesContaining(entry.hospitalId(), entry.patientKey().value(), entry.receivedOn());
    if (affected.isEmpty()) {
      return;
    }
    long recallId = recalls.open(entry.id(), entry.hospitalId(), affected, clock.instant());
    // The instance binds itself to the recall as it starts (AttachRecallListener).
    asSystem.run(() -> runtimeService.startProcessInstanceByKey(PROCESS_KEY, BUSINESS_KEY_PREFIX + recallId).getId());
    audit.record("RECALL_OPENED", entry.hospitalId(), entry.period().label(), Map.of("recallId", recallId,
        "ledgerEntryId", entry.id(), "patientKey", entry.patientKey().value(),
        "releases", affected.stream().map(RecallRepository.AffectedRelease::releaseId).toList()));
  }
}
