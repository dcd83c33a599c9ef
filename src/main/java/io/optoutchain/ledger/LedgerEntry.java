package io.optoutchain.ledger;

import io.optoutchain.reporting.ReportingPeriod;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One opt-out request as the ledger keeper recorded it. Never changed: a correction is a new
 * entry that names the one it corrects.
 */
public record LedgerEntry(
    long id,
    String hospitalId,
    PatientKey patientKey,
    OptOutKind kind,
    LocalDate receivedOn,
    Instant recordedAt,
    String recordedBy,
    Long correctsEntryId,
    String reason) {

  /** The period an entry belongs to is the month the hospital received the request in. */
  public ReportingPeriod period() {
    return ReportingPeriod.of(receivedOn);
  }
}
