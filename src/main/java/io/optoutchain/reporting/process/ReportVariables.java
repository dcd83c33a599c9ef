package io.optoutchain.reporting.process;

import io.optoutchain.party.ReportChain;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.ReportingPeriod;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The monthly report's process variables: ids and small values only. Figures and keys live in our
 * tables; the figures an operator types into a form are moved there on completion.
 */
public final class ReportVariables {

  public static final String HOSPITAL_ID = "hospitalId";
  public static final String PERIOD = "period";
  public static final String FINAL_RECIPIENT = "finalRecipient";
  public static final String LEDGER_KEEPER = "ledgerKeeper";
  public static final String HOP_COUNT = "hopCount";
  public static final String HOP_INDEX = "hopIndex";
  public static final String HOP_SENDER = "hopSender";
  public static final String HOP_RECEIVER = "hopReceiver";
  public static final String RESPONSIBLE_PARTY = "responsibleParty";
  public static final String DIVERGENT_HOP = "divergentHop";
  public static final String DISCREPANCY_ID = "discrepancyId";
  public static final String REPORT_AGREES = "reportAgrees";
  public static final String ACKNOWLEDGEMENT_AGREES = "acknowledgementAgrees";
  public static final String CUMULATIVE_AGREES = "cumulativeAgrees";

  /** Form fields: entered by an operator, recorded in our tables, then removed from the process. */
  public static final String DECLARED_COUNT = "declaredCount";
  public static final String NIL_ATTESTED = "nilAttested";
  public static final String ACKNOWLEDGED_COUNT = "acknowledgedCount";
  public static final String DIGEST_PREFIX = "digestPrefix";
  public static final String RESOLUTION = "resolution";
  public static final String RESOLUTION_REASON = "resolutionReason";
  public static final String SEND_CONFIRMED = "sendConfirmed";

  /** Task-local due date, as text in Japan's time, for the form. */
  public static final String DUE_ON = "dueOn";

  /** Task-local mark of an escalated task, for the Tasklist filter "Escalated". */
  public static final String ESCALATED = "escalated";

  /** Local inputs of the escalation steps. */
  public static final String ESCALATED_PARTY = "escalatedParty";
  public static final String ESCALATION_CAUSE = "escalationCause";

  private ReportVariables() {}

  public static Map<String, Object> forNewReport(PeriodRef ref, ReportChain chain) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(HOSPITAL_ID, ref.hospitalId());
    variables.put(PERIOD, ref.period().label());
    variables.put(FINAL_RECIPIENT, ref.finalRecipient());
    variables.put(LEDGER_KEEPER, chain.ledgerKeeper());
    variables.put(HOP_COUNT, chain.hopCount());
    variables.put(DIVERGENT_HOP, 1);
    return variables;
  }

  public static PeriodRef periodRef(VariableScope scope) {
    return new PeriodRef((String) scope.getVariable(HOSPITAL_ID), ReportingPeriod.parse((String) scope.getVariable(PERIOD)),
        (String) scope.getVariable(FINAL_RECIPIENT));
  }

  public static int hopIndex(VariableScope scope) {
    return (Integer) scope.getVariable(HOP_INDEX);
  }

  public static int divergentHop(VariableScope scope) {
    return (Integer) scope.getVariable(DIVERGENT_HOP);
  }

  /** Points the hop loop at a hop: its index, and who sends and receives there. */
  public static void moveToHop(VariableScope scope, ReportChain chain, int hop) {
    scope.setVariable(HOP_INDEX, hop);
    if (hop <= chain.hopCount()) {
      scope.setVariable(HOP_SENDER, chain.sender(hop));
      scope.setVariable(HOP_RECEIVER, chain.receiver(hop));
    }
  }

  public static void recordDisagreement(VariableScope scope, long discrepancyId, String responsibleParty, int hop) {
    scope.setVariable(DISCREPANCY_ID, discrepancyId);
    scope.setVariable(RESPONSIBLE_PARTY, responsibleParty);
    scope.setVariable(DIVERGENT_HOP, hop);
  }
}
