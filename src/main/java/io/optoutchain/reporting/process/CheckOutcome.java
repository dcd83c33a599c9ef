package io.optoutchain.reporting.process;

import io.optoutchain.party.ReportChain;
import io.optoutchain.reporting.MonthlyReportService.Check;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Writes a comparison's outcome into the process: where the hop loop goes on, or who must reconcile. */
final class CheckOutcome {

  private CheckOutcome() {}

  static void apply(DelegateExecution execution, Check check, ReportChain chain) {
    if (check.agrees() && check.resumeHop() != null) {
      ReportVariables.moveToHop(execution, chain, check.resumeHop());
    } else if (!check.agrees()) {
      ReportVariables.recordDisagreement(execution, check.discrepancyId(), check.finding().responsibleParty(),
          check.finding().hop());
    }
  }
}
