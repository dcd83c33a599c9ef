package io.optoutchain.ledger;

import java.time.LocalDate;

/** A request to record an opt-out, or to correct an earlier entry when {@code correctsEntryId} is set. */
public record NewLedgerEntry(
    String hospitalId,
    PatientKey patientKey,
    OptOutKind kind,
    LocalDate receivedOn,
    Long correctsEntryId,
    String reason) {}
