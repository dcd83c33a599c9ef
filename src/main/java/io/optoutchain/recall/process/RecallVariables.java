package io.optoutchain.recall.process;

/** The recall's process variables: ids only, a cache for forms and Cockpit, never read as evidence. */
public final class RecallVariables {

  public static final String RECALL_ID = "recallId";
  public static final String HOSPITAL_ID = "hospitalId";
  /** The multi-instance's element: which data user a step is for (checked against the recall's own). */
  public static final String TARGET_ID = "targetId";
  public static final String DATA_USER = "dataUser";
  public static final String STEP_NOTE = "stepNote";
  /**
   * Transient, on the process instance: the data user whose confirmation is overdue, handed from its
   * instance of the per-data-user sub-process to the escalation sub-process in the same transaction.
   */
  public static final String LATE_TARGET_ID = "lateTargetId";

  private RecallVariables() {}
}
