package io.optoutchain.reporting.process;

import io.optoutchain.party.ReportChain;
import io.optoutchain.reporting.PeriodRef;
import java.util.Set;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The monthly report's process variables: ids and small values only, a cache for forms and the
 * diagram, never evidence. Figures and keys live in our tables; the figures an operator types into a
 * form are moved there on completion.
 */
public final class ReportVariables {

  /** Shown in forms and Tasklist; written by the product, never read by it (see ReportRouting). */
  public static final String HOSPITAL_ID = "hospitalId";
  public static final String PERIOD = "period";
  public static final String FINAL_RECIPIENT = "finalRecipient";
  /** Set on the month's other reports when the hospital declares: it makes their wait look at our tables. */
  public static final String HOSPITAL_DECLARED = "hospitalDeclared";
  public static final String HOP_INDEX = "hopIndex";
  public static final String HOP_SENDER = "hopSender";
  public static final String HOP_RECEIVER = "hopReceiver";

  /** Outcomes of a comparison, read by the gateway right after it in the same transaction. */
  public static final String REPORT_AGREES = "reportAgrees";
  /** AGREES, RECHECK (the receiver counts again) or DISAGREES. */
  public static final String ACKNOWLEDGEMENT_OUTCOME = "acknowledgementOutcome";
  public static final String CUMULATIVE_AGREES = "cumulativeAgrees";
  public static final String APPLIED_AGREES = "appliedAgrees";

  /** Form fields: entered by an operator, recorded in our tables, then removed from the process. */
  public static final String DECLARED_COUNT = "declaredCount";
  public static final String NIL_ATTESTED = "nilAttested";
  public static final String DECLARED_DIGEST_PREFIX = "declaredDigestPrefix";
  public static final String ACKNOWLEDGED_COUNT = "acknowledgedCount";
  public static final String DIGEST_PREFIX = "digestPrefix";
  public static final String RESOLUTION = "resolution";
  public static final String RESOLUTION_REASON = "resolutionReason";
  public static final String SEND_CONFIRMED = "sendConfirmed";
  /** The final recipient's applied exclusion list: its count and digest prefix (confirmed, or re-stated). */
  public static final String APPLIED_COUNT = "appliedCount";
  public static final String APPLIED_DIGEST_PREFIX = "appliedDigestPrefix";

  /** Task-local due date, as text in Japan's time, for the form. */
  public static final String DUE_ON = "dueOn";

  /**
   * Task-local, on "Reconcile the discrepancy", for its form: the open discrepancy in words, and which
   * resolutions the responsible party can use (the form offers only those).
   */
  public static final String DISCREPANCY_WHAT = "discrepancyWhat";
  public static final String DISCREPANCY_WHERE = "discrepancyWhere";
  public static final String DISCREPANCY_FOUND_BY = "discrepancyFoundBy";
  /** Its figures, shown to the responsible party only. */
  public static final String DISCREPANCY_FIGURES = "discrepancyFigures";
  public static final String MAY_CORRECT_REPORT = "mayCorrectReport";
  public static final String MAY_CORRECT_DECLARATION = "mayCorrectDeclaration";
  public static final String MAY_RESTATE_APPLIED = "mayRestateApplied";

  /** Task-local, on "Review and send the report": the draft about to be sent, for the ledger keeper. */
  public static final String DRAFT_COUNT = "draftCount";
  public static final String DRAFT_PERIOD_COUNT = "draftPeriodCount";
  public static final String DRAFT_LATE_COUNT = "draftLateCount";
  public static final String DRAFT_WITHDRAWN_COUNT = "draftWithdrawnCount";
  public static final String DRAFT_DIGEST = "draftDigest";
  public static final String DRAFT_KEYS = "draftKeys";

  /**
   * Shown to the task's own party only: taken off the task before an escalation lets another party
   * read it, so no receiver learns a count or digest it must acknowledge blind.
   */
  public static final Set<String> FOR_THE_TASKS_PARTY_ONLY = Set.of(DISCREPANCY_FIGURES, DRAFT_COUNT,
      DRAFT_PERIOD_COUNT, DRAFT_LATE_COUNT, DRAFT_WITHDRAWN_COUNT, DRAFT_DIGEST, DRAFT_KEYS);

  private ReportVariables() {}

  public static void showSubject(VariableScope scope, PeriodRef ref) {
    scope.setVariable(HOSPITAL_ID, ref.hospitalId());
    scope.setVariable(PERIOD, ref.period().label());
    scope.setVariable(FINAL_RECIPIENT, ref.finalRecipient());
  }

  /** Shows which hop the report stands at, for the acknowledgement form and the diagram. */
  public static void showHop(VariableScope scope, ReportChain chain, int hop) {
    scope.setVariable(HOP_INDEX, hop);
    if (hop <= chain.hopCount()) {
      scope.setVariable(HOP_SENDER, chain.sender(hop));
      scope.setVariable(HOP_RECEIVER, chain.receiver(hop));
    }
  }
}
