package io.optoutchain.operations;

import java.util.Map;

/**
 * One reading of the product's figures: how many months stand at each status for each final recipient,
 * the open discrepancies, overdue tasks, unhandled escalations per process, requests in intake per state,
 * the engine's job backlog, and the e-mail outbox per state.
 */
record OperationsFigures(Map<MonthKey, Long> months, long openDiscrepancies, long overdueTasks,
    Map<String, Long> openEscalations, Map<String, Long> intakeInFlight, long jobBacklog, long failedJobs,
    Map<String, Long> mailOutbox) {

  /** A month's status towards one final recipient (a certified producer). */
  record MonthKey(String status, String recipient) {}

  static final OperationsFigures NONE = new OperationsFigures(Map.of(), 0, 0, Map.of(), Map.of(), 0, 0, Map.of());
}
