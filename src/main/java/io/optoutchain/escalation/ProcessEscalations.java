package io.optoutchain.escalation;

import java.util.Map;

/**
 * What differs between the processes whose escalations the escalated group handles in its own task
 * "Handle the escalation" (drawn the same in each): the table, the words, where the audit trail files
 * the handling, and whether the late work is operators' work that supervisors may take over.
 */
public interface ProcessEscalations {

  /** The key of the process these escalations belong to. */
  String processKey();

  EscalationTable table();

  /**
   * Whether the wait an escalation of this cause is about is operators' work, which the supervisors of
   * their party may take over, rather than a compliance officer's own decision or report.
   */
  boolean lateWorkIsOperators(String cause);

  /** The escalation in words, as the process stands when the group's task is created. */
  EscalationBrief brief(Escalation escalation);

  /** Appends to the audit trail that the escalation was handled, filed as this process files its events. */
  void recordHandled(Escalation escalation, Map<String, Object> payload);
}
