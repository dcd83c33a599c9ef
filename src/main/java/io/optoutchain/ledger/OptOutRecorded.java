package io.optoutchain.ledger;

/** Published, inside the recording transaction, whenever the ledger takes an entry or a correction. */
public record OptOutRecorded(LedgerEntry entry) {}
