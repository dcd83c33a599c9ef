package io.optoutchain.release.process;

/** The dataset release's process variables: the release's id and the outcomes of its checks. */
public final class ReleaseVariables {

  public static final String RELEASE_ID = "releaseId";
  public static final String PRODUCER = "producer";
  public static final String GATE_OPEN = "gateOpen";
  public static final String OPT_OUTS_EXCLUDED = "optOutsExcluded";
  public static final String APPROVED = "approved";
  public static final String DECISION_REASON = "decisionReason";

  private ReleaseVariables() {}
}
