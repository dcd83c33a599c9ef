package io.optoutchain.ledger;

/** What the patient asked for (提供停止・削除の求め). */
public enum OptOutKind {
  /** 提供停止: stop providing the patient's records. */
  STOP_PROVISION,
  /** 削除: delete the patient's records. */
  DELETE
}
