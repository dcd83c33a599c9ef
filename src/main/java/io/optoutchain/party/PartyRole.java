package io.optoutchain.party;

/** The roles a party holds under the Next-Generation Medical Infrastructure Act. */
public enum PartyRole {
  /** 医療情報取扱事業者: receives patients' requests and holds the records. */
  HOSPITAL,
  /** 委託先 / 再委託先: handles records or reports on someone else's behalf. */
  CONTRACTOR,
  /** 認定作成事業者: produces anonymized data and must exclude opted-out patients. */
  CERTIFIED_PRODUCER,
  /** 匿名加工医療情報取扱事業者: receives anonymized data. */
  DATA_USER,
  /** 内閣府 / 個人情報保護委員会: reads the audit trail. */
  REGULATOR
}
