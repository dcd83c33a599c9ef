package io.optoutchain.recall.process;

/** The recall's process variables: ids only. */
public final class RecallVariables {

  public static final String RECALL_ID = "recallId";
  public static final String HOSPITAL_ID = "hospitalId";
  public static final String LEDGER_KEEPER = "ledgerKeeper";
  public static final String FINAL_RECIPIENT = "finalRecipient";
  public static final String RECALL_TARGETS = "recallTargets";
  public static final String TARGET_ID = "targetId";
  public static final String DATA_USER = "dataUser";
  public static final String STEP_NOTE = "stepNote";
  public static final String ESCALATED_GROUP = "escalatedGroup";

  private RecallVariables() {}
}
