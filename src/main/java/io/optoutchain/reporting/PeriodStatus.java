package io.optoutchain.reporting;

/** Where one hospital's period stands towards its final recipient. */
public enum PeriodStatus {
  /** Started; the report has not been sent yet. */
  OPEN,
  /** Sent and, so far, every figure agrees. */
  REPORTED,
  /** Every figure agreed at every hop and the cumulative totals match the ledger. */
  RECONCILED,
  /** Some figure disagrees; a reconciliation task is open. */
  DISCREPANCY,
  /** A disagreement or a wait went unresolved long enough to reach the final recipient's compliance officer. */
  ESCALATED
}
