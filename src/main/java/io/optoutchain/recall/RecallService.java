package io.optoutchain.recall;

import java.util.Map;
import java.util.HashMap;
import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records each step of a recall, who took it and what they noted; closes it when all are done. */
@Service
@Transactional
public class RecallService {

  private final RecallRepository recalls;
  private final AuditTrail audit;
  private final Clock clock;

  public RecallService(RecallRepository recalls, AuditTrail audit, Clock clock) {
    this.recalls = recalls;
    this.audit = audit;
    this.clock = clock;
  }

  public void recordStep(long recallId, Long targetId, String step, String note, Actor actor) {
    if (note == null || note.isBlank() || note.length() > 1000) {
      throw Rejected.invalid("stepNote", "実施したこと、連絡した相手と日時を1～1000文字で記録してください",
          "note what was done, whom it reached and when, in 1 to 1000 characters");
    }
    recalls.recordStep(recallId, targetId, step, actor.userId(), note.trim(), clock.instant());
    Map<String, Object> payload = new HashMap<>();
    payload.put("recallId", recallId);
    payload.put("targetId", targetId);
    payload.put("step", step);
    audit.record("RECALL_STEP", null, null, payload);
  }

  /** A wait of the recall is late: the escalated group is recorded, with why and, if any, for which data user. */
  public long recordEscalation(long recallId, Long targetId, RecallEscalationCause cause, String group,
      String processInstanceId) {
    long id = recalls.recordEscalation(recallId, targetId, group, cause.name(), processInstanceId, clock.instant());
    Map<String, Object> payload = new HashMap<>();
    payload.put("escalationId", id);
    payload.put("recallId", recallId);
    payload.put("targetId", targetId);
    payload.put("cause", cause.name());
    payload.put("escalatedTo", group);
    audit.record("RECALL_ESCALATION", null, null, payload);
    return id;
  }

  /** The group an escalation of this recall reached has handled it (see EscalationService). */
  public void recordEscalationHandled(long recallId, Map<String, Object> payload) {
    Map<String, Object> withRecall = new HashMap<>(payload);
    withRecall.put("recallId", recallId);
    audit.record("RECALL_ESCALATION_HANDLED", null, null, withRecall);
  }

  public void close(long recallId) {
    recalls.close(recallId, clock.instant());
    audit.record("RECALL_CLOSED", null, null, Map.of("recallId", recallId));
  }
}
