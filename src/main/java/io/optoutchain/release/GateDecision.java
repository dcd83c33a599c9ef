package io.optoutchain.release;

import java.time.LocalDate;
import java.util.List;

/**
 * Whether a certified producer may provide data cut off at a date: OPEN only when every hospital's
 * every month up to the cut-off is RECONCILED. CLOSED names the months that are not (never
 * started ones included), the first {@code blocking.size()} of {@code blockingCount}.
 */
public record GateDecision(String finalRecipient, LocalDate cutoff, String fromPeriod, String toPeriod,
    int hospitals, Decision decision, long blockingCount, List<Blocking> blocking) {

  public enum Decision { OPEN, CLOSED }

  /** A month that keeps the gate closed; status NOT_STARTED when its report never began. */
  public record Blocking(String hospitalId, String period, String status) {}
}
