package io.optoutchain.operations;

import java.util.Map;

/**
 * One reading of the product's figures: how many months stand at each status for each final recipient,
 * the open discrepancies, overdue tasks, unhandled escalations per process, requests in intake per state,
 * the engine's job backlog, the e-mail outbox per state, and the audit sealer's lag: events not sealed into the
 * chain yet and the oldest one's age.
 */
record OperationsFigures(Map<MonthKey, Long> months, long openDiscrepancies, long overdueTasks,
    Map<String, Long> openEscalations, Map<String, Long> intakeInFlight, long jobBacklog, long failedJobs,
    Map<String, Long> mailOutbox, long unsealedAuditEvents, long oldestUnsealedAuditEventSeconds) {

  /** A month's status towards one final recipient (a certified producer). */
  record MonthKey(String status, String recipient) {}

  static final OperationsFigures NONE = new OperationsFigures(Map.of(), 0, 0, Map.of(), Map.of(), 0, 0, Map.of(), 0, 0);
}
