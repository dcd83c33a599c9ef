package io.optoutchain.reporting;

/** Who an unresolved wait or disagreement reaches. */
public enum EscalationLevel {
  /** The supervisors of the party that must act. */
  SUPERVISORS,
  /** The final recipient's compliance officer; the period becomes ESCALATED. */
  COMPLIANCE
}
