package io.optoutchain.intake;

/**
 * Where an opt-out request stands in intake. Every change is a guarded transition in SQL
 * ({@link IntakeRepository}): IDENTIFYING → CONFIRMING ⇄ RECHECKING → RECORDED, or IDENTIFYING → NOT_IDENTIFIED.
 */
public enum IntakeState {
  /** A call centre's request: the hospital must identify the patient and enter the key. */
  IDENTIFYING("患者の特定待ち"),
  /** Awaiting the current hop's blind confirmation. */
  CONFIRMING("確認待ち"),
  /** The current hop's statement differed from the hospital's: it must check again. */
  RECHECKING("再確認待ち"),
  /** The ledger keeper confirmed and the ledger holds the entry. */
  RECORDED("台帳記録済"),
  /** The hospital found no patient for the call centre's reference: nothing reaches the ledger. */
  NOT_IDENTIFIED("患者を特定できず");

  private final String japanese;

  IntakeState(String japanese) {
    this.japanese = japanese;
  }

  /** In words, Japanese with English beside. */
  public String described() {
    return japanese + " / " + name();
  }
}
