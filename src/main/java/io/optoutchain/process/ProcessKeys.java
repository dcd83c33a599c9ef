package io.optoutchain.process;

/** The ids of our processes and of the user tasks that operators, the API and the tests refer to. */
public final class ProcessKeys {

  public static final String MONTHLY_REPORT = "MonthlyOptOutReport";

  public static final String TASK_DECLARE_COUNT = "Task_DeclareCount";
  public static final String TASK_REVIEW_AND_SEND_REPORT = "Task_ReviewAndSendReport";
  public static final String TASK_ACKNOWLEDGE_HOP = "Task_AcknowledgeHop";
  public static final String TASK_RECHECK_ACKNOWLEDGEMENT = "Task_RecheckAcknowledgement";
  public static final String TASK_RECONCILE_DISCREPANCY = "Task_ReconcileDiscrepancy";
  public static final String TASK_CONFIRM_APPLIED = "Task_ConfirmApplied";

  public static final String INTAKE = "OptOutIntake";

  public static final String TASK_IDENTIFY_PATIENT = "Task_IdentifyPatient";
  public static final String TASK_CONFIRM_INTAKE_HOP = "Task_ConfirmIntakeHop";
  public static final String TASK_RECHECK_INTAKE_HOP = "Task_RecheckIntakeHop";

  private ProcessKeys() {}
}
