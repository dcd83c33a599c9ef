package io.optoutchain.escalation;

/**
 * The tables that record escalations, one per process, each with the columns of {@link Escalation}.
 * Named here, never taken from input, since their names go into SQL.
 */
public enum EscalationTable {
  MONTHLY_REPORT("optout.escalation"),
  RELEASE("optout.release_escalation"),
  RECALL("optout.recall_escalation"),
  INTAKE("optout.intake_escalation");

  private final String qualifiedName;

  EscalationTable(String qualifiedName) {
    this.qualifiedName = qualifiedName;
  }

  String qualifiedName() {
    return qualifiedName;
  }
}
