package io.optoutchain.release.process;

/**
 * The dataset release's process variables: a cache for the diagram and Tasklist, never evidence.
 * The steps find their release through the process instance in our table (data_release).
 */
public final class ReleaseVariables {

  public static final String RELEASE_ID = "releaseId";
  public static final String PRODUCER = "producer";
  public static final String GATE_OPEN = "gateOpen";
  public static final String OPT_OUTS_EXCLUDED = "optOutsExcluded";
  public static final String APPROVED = "approved";
  public static final String DECISION_REASON = "decisionReason";
  public static final String RELEASED = "released";

  private ReleaseVariables() {}
}
