package io.optoutchain.reporting;

/** The ways a monthly report's figures can disagree. */
public enum DiscrepancyKind {
  /** The report names a key the hospital's ledger does not hold. */
  KEY_NOT_IN_LEDGER,
  /** The report files a key under a month in which the hospital did not receive it. */
  ENTRY_OUTSIDE_PERIOD,
  /** The report's keys for the period are not the ledger's keys for the period. */
  REPORT_DIFFERS_FROM_LEDGER,
  /** The hospital's own count of distinct patients, or the digest of their keys, is not the ledger's. */
  DECLARATION_DIFFERS_FROM_LEDGER,
  /** What a receiver acknowledged is not what was sent. */
  ACKNOWLEDGEMENT_DIFFERS,
  /** Every month agreed, yet the recipient's running total falls short of the ledger's. */
  CUMULATIVE_DRIFT,
  /** The ledger took an entry, or a correction, for a month already reconciled. */
  LEDGER_CHANGED_AFTER_RECONCILIATION,
  /**
   * The final recipient confirmed, blind, an exclusion list for the hospital (its count, the digest of
   * its keys) that is not the ledger's effective set up to the end of the period: it received every
   * key (the cumulative check agreed) but has not applied them all, or applies others.
   */
  APPLIED_SET_DIFFERS
}
