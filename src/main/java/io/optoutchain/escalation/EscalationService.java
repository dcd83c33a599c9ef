package io.optoutchain.escalation;

import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.PartyGroups;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The escalated group's side of an escalation, the same in every process: it handles the escalation
 * once, acknowledging it or (the supervisors of the party whose operators must act) taking the late
 * work over, always able to say why in a note; recorded in the process's escalation table and the
 * audit trail.
 */
@Service
@Transactional
public class EscalationService {

  private final EscalationRows rows;
  private final PartyGroups groups;
  private final Clock clock;

  public EscalationService(EscalationRows rows, PartyGroups groups, Clock clock) {
    this.rows = rows;
    this.groups = groups;
    this.clock = clock;
  }

  /** Escalation {@code id} of a process instance, as the process's table holds it. */
  @Transactional(readOnly = true)
  public Escalation escalation(ProcessEscalations process, long id, String processInstanceId) {
    return rows.find(process.table(), id, processInstanceId)
        .orElseThrow(() -> new IllegalStateException(processInstanceId + " has no escalation " + id));
  }

  /** The operators whose late tasks the escalated group joins when it takes over; none if it may not. */
  public Optional<String> lateOperators(ProcessEscalations process, Escalation escalation) {
    Optional<String> party = groups.partyOf(escalation.escalatedTo());
    boolean toSupervisors = party.map(groups::supervisors).filter(escalation.escalatedTo()::equals).isPresent();
    return EscalationHandling.mayTakeOver(process.lateWorkIsOperators(escalation.cause()), toSupervisors)
        ? party.map(groups::operators) : Optional.empty();
  }

  /** Records, once, how the group the escalation reached handled it. Returns the escalation. */
  public Escalation handle(ProcessEscalations process, long id, String processInstanceId, EscalationHandling handling,
      String note, Actor actor) {
    Escalation escalation = escalation(process, id, processInstanceId);
    if (!actor.groups().contains(escalation.escalatedTo())) {
      throw Rejected.forbidden("この上申に対応できるのは " + escalation.escalatedTo() + " だけです",
          "only " + escalation.escalatedTo() + " handles this escalation");
    }
    EscalationHandling.check(lateOperators(process, escalation).isPresent(), handling, note);
    String trimmed = note == null || note.isBlank() ? null : note.trim();
    if (!rows.markHandled(process.table(), id, handling, trimmed, actor.userId(), clock.instant())) {
      throw Rejected.conflict("この上申は対応済みです", "this escalation has already been handled");
    }
    Map<String, Object> payload = new HashMap<>();
    payload.put("escalationId", id);
    payload.put("handling", handling.name());
    // The note is free text, kept in the escalation row; the audit trail, which holds no free text,
    // binds it by its digest.
    payload.put("noteDigest", trimmed == null ? null : Sha256.hex(trimmed));
    process.recordHandled(escalation, payload);
    return escalation;
  }
}
