package io.optoutchain.reporting.process;

/** The parties a monthly report's steps name, each found in our tables rather than in process variables. */
public enum ReportRole {
  /** The hospital whose month it is. */
  HOSPITAL,
  /** The party that keeps the ledger and sends the report. */
  LEDGER_KEEPER,
  /** The receiver of the hop that awaits acknowledgement. */
  HOP_RECEIVER,
  /** The party that must resolve the open discrepancy. */
  RESPONSIBLE_PARTY,
  /** The chain's final recipient, which confirms that it applies the opt-outs. */
  FINAL_RECIPIENT
}
