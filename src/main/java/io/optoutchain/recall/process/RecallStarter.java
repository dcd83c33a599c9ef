package io.optoutchain.recall.process;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.ledger.OptOutRecorded;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.recall.RecallRepository;
import java.time.Clock;
import java.util.HashMap;
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

  private final RecallRepository recalls;
  private final PartyDirectory directory;
  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;
  private final AuditTrail audit;
  private final Clock clock;

  public RecallStarter(RecallRepository recalls, PartyDirectory directory, RuntimeService runtimeService,
      EngineAsSystem asSystem, AuditTrail audit, Clock clock) {
    this.audit = audit;
    this.recalls = recalls;
    this.directory = directory;
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
    var chain = directory.chainOf(entry.hospitalId()).orElseThrow();
    Map<String, Object> variables = new HashMap<>();
    variables.put(RecallVariables.RECALL_ID, recallId);
    variables.put(RecallVariables.HOSPITAL_ID, entry.hospitalId());
    variables.put(RecallVariables.LEDGER_KEEPER, chain.ledgerKeeper());
    variables.put(RecallVariables.FINAL_RECIPIENT, chain.finalRecipient());
    variables.put(RecallVariables.RECALL_TARGETS,
        recalls.targets(recallId).stream().map(RecallRepository.Target::id).toList());
    String instance = asSystem.run(() -> runtimeService.startProcessInstanceByKey(PROCESS_KEY, "recall:" + recallId,
        variables).getId());
    recalls.attachProcessInstance(recallId, instance);
    audit.record("RECALL_OPENED", entry.hospitalId(), entry.period().label(), Map.of("recallId", recallId,
        "ledgerEntryId", entry.id(), "patientKey", entry.patientKey().value(),
        "releases", affected.stream().map(RecallRepository.AffectedRelease::releaseId).toList()));
  }
}
