package io.optoutchain.reporting;

/** How a party resolves a discrepancy it is responsible for. */
public enum Resolution {
  /**
   * The report is sent again: the ledger keeper sends a corrected version (compiled anew from the
   * ledger, or submitted from its own system); a party further down re-sends the report of record.
   */
  CORRECTED_REPORT,
  /** The hospital corrects, or confirms with a reason, its own declared count. */
  CORRECTED_DECLARATION
}
