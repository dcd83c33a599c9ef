package io.optoutchain.ledger;

import io.optoutchain.party.Actor;

/**
 * The door of a new opt-out sent by a party's system ({@code POST /api/ledger/entries}, {@code POST
 * /fhir/Consent}): the ledger keeper records it (and its corrections) straight in the ledger; from the
 * hospital or another party of its intake route it enters the intake, which writes the ledger only once
 * every hop, the keeper last, has confirmed it. Implemented by the intake; the ledger knows only this.
 */
public interface OptOutIntake {

  /** A request accepted into intake ({@code alreadyInIntake}: the same request was in intake already). */
  record Accepted(long intakeId, String hospitalId, String state, boolean alreadyInIntake) {

    /** Where its state is read. */
    public String location() {
      return "/api/intake/" + intakeId;
    }
  }

  /** Exactly one of the two: recorded in the ledger (or found there already), or accepted into intake. */
  record Outcome(LedgerService.Recorded recorded, Accepted accepted) {

    public static Outcome recorded(LedgerService.Recorded recorded) {
      return new Outcome(recorded, null);
    }

    public static Outcome accepted(Accepted accepted) {
      return new Outcome(null, accepted);
    }
  }

  Outcome receive(NewLedgerEntry entry, Actor actor);
}
