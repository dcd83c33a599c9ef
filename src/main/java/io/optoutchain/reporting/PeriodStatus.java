package io.optoutchain.reporting;

import java.util.EnumSet;
import java.util.Set;

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
  ESCALATED;

  /**
   * The statuses a period may come from to reach this one inside its monthly report. RECONCILED is
   * left only by a ledger change that reopens the month, never by the report's own steps.
   */
  public Set<PeriodStatus> reachableFrom() {
    return switch (this) {
      case OPEN -> EnumSet.noneOf(PeriodStatus.class);
      case REPORTED, DISCREPANCY, ESCALATED -> EnumSet.of(OPEN, REPORTED, DISCREPANCY, ESCALATED);
      case RECONCILED -> EnumSet.of(REPORTED, ESCALATED);
    };
  }
}
