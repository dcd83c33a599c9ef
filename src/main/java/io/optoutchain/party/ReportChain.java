package io.optoutchain.party;

import java.util.List;

/**
 * The parties a hospital's opt-outs travel through. Intake runs from the hospital to the ledger
 * keeper; the monthly report runs from the ledger keeper to the final recipient. Hop {@code n}
 * (1-based) hands the report from {@code report[n-1]} to {@code report[n]}.
 */
public record ReportChain(String hospitalId, List<String> intake, List<String> report) {

  public ReportChain {
    intake = List.copyOf(intake);
    report = List.copyOf(report);
    if (report.size() < 2) {
      throw new IllegalArgumentException("the report chain of " + hospitalId + " needs a sender and a recipient");
    }
    if (!intake.isEmpty() && !intake.get(intake.size() - 1).equals(report.get(0))) {
      throw new IllegalArgumentException("the intake chain of " + hospitalId
          + " must end at the party that sends the report (" + report.get(0) + ")");
    }
  }

  public String ledgerKeeper() {
    return report.get(0);
  }

  public String finalRecipient() {
    return report.get(report.size() - 1);
  }

  public int hopCount() {
    return report.size() - 1;
  }

  public String sender(int hop) {
    checkHop(hop);
    return report.get(hop - 1);
  }

  public String receiver(int hop) {
    checkHop(hop);
    return report.get(hop);
  }

  /** Whether the party handles this hospital's report at all: the hospital or any party on the chain. */
  public boolean involves(String partyId) {
    return hospitalId.equals(partyId) || intake.contains(partyId) || report.contains(partyId);
  }

  private void checkHop(int hop) {
    if (hop < 1 || hop > hopCount()) {
      throw new IllegalArgumentException("hop " + hop + " is not on a chain of " + hopCount() + " hops");
    }
  }
}
