package io.optoutchain.escalation.process;

/**
 * The variables of the escalation sub-process every process draws once: ids and small values, set by
 * the engine and the product, never evidence (the escalation itself is a row in the process's table).
 */
public final class EscalationVariables {

  /** The code of the escalation caught, set by the engine from the diagram when a process has several. */
  public static final String ESCALATION_CODE = "escalationCode";
  /** Local to each escalation's sub-process: the id of its row in the process's escalation table. */
  public static final String ESCALATION_ID = "escalationId";

  /** Form fields of "Handle the escalation". */
  public static final String ESCALATION_HANDLING = "escalationHandling";
  public static final String ESCALATION_NOTE = "escalationNote";

  /** Task-local, on "Handle the escalation", for its form: what it is about, what is late, who must act. */
  public static final String ESCALATION_SUBJECT = "escalationSubject";
  public static final String ESCALATION_WHAT = "escalationWhat";
  public static final String ESCALATION_MUST_ACT = "escalationMustAct";
  public static final String ESCALATED_ON = "escalatedOn";
  public static final String MAY_TAKE_OVER = "mayTakeOver";

  private EscalationVariables() {}
}
