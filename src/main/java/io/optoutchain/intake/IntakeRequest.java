package io.optoutchain.intake;

import io.optoutchain.ledger.OptOutKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One opt-out request in intake, as our tables hold it. {@code patientKey} is null until the hospital has
 * identified the patient of a call-centre request; {@code route} is the intake route recorded when the
 * request started (the last hop keeps the ledger).
 */
public record IntakeRequest(long id, String hospitalId, String enteredAtParty, String callCentreReference,
    String patientKey, OptOutKind kind, LocalDate receivedOn, IntakeState state, Integer currentHop,
    Instant dueAt, String processInstanceId, Long ledgerEntryId, String createdBy, Instant createdAt,
    Instant recordedAt, List<String> route) {

  public IntakeRequest {
    route = List.copyOf(route);
  }

  /** The party whose confirmation is awaited, if the request stands at a hop. */
  public String hopParty() {
    return currentHop == null ? null : route.get(currentHop - 1);
  }

  public boolean atLastHop() {
    return currentHop != null && currentHop == route.size();
  }

  public String ledgerKeeper() {
    return route.get(route.size() - 1);
  }

  /** The first 8 hex digits of the key, what each hop states blind. */
  public String keyPrefix() {
    return patientKey == null ? null : patientKey.substring(0, 8);
  }
}
