package io.optoutchain.intake;

import io.optoutchain.error.Rejected;
import io.optoutchain.reporting.DigestPrefix;
import java.time.LocalDate;

/**
 * What a hop states, blind, about the request it holds: the first 8 hex digits of the patient's key and
 * the day the request was first received. Compared with the hospital's (our table); what differs is told
 * to the hop in words that never reveal the hospital's figures.
 */
public record HopStatement(String keyPrefix, LocalDate receivedOn) {

  public static final String KEY_PREFIX = "statedKeyPrefix";
  public static final String RECEIVED_ON = "statedReceivedOn";

  /** The statement as typed or pasted: upper case, spaces, full-width digits or the whole key are accepted. */
  public static HopStatement of(String keyPrefix, LocalDate receivedOn) {
    String prefix = DigestPrefix.normalise(KEY_PREFIX, keyPrefix, "保有する患者キーの先頭8桁",
        "the first 8 hex digits of the patient key you hold");
    if (receivedOn == null) {
      throw Rejected.invalid(RECEIVED_ON, "求めを最初に受け付けた日を入力してください",
          "enter the day the request was first received");
    }
    return new HopStatement(prefix, receivedOn);
  }

  /** The comparison of a statement with the hospital's key and date. */
  public record Comparison(boolean keyAgrees, boolean dateAgrees) {

    public boolean agrees() {
      return keyAgrees && dateAgrees;
    }

    /**
     * What differs, for the hop's re-check: never the hospital's key prefix or date, so the hop cannot
     * copy them and must look at what it holds.
     */
    public String explained() {
      if (agrees()) {
        return "一致しました / It agrees";
      }
      if (!keyAgrees && !dateAgrees) {
        return "入力した患者キーの先頭8桁と受付日の両方が、病院の記録と一致しません。受け取った求めを確認し、もう一度入力してください"
            + " / Both the key's first 8 hex digits and the day received you entered differ from the hospital's record;"
            + " check the request you hold and enter them again";
      }
      if (!keyAgrees) {
        return "入力した患者キーの先頭8桁が病院の記録と一致しません（受付日は一致）。受け取った求めのキーを確認し、もう一度入力してください"
            + " / The key's first 8 hex digits you entered differ from the hospital's record (the day received agrees);"
            + " check the key of the request you hold and enter it again";
      }
      return "入力した受付日が病院の記録と一致しません（患者キーは一致）。患者が最初に求めを出した日を確認し、もう一度入力してください"
          + " / The day received you entered differs from the hospital's record (the key agrees); check the day the"
          + " patient first made the request and enter it again";
    }
  }

  public Comparison comparedWith(IntakeRequest request) {
    return new Comparison(keyPrefix.equals(request.keyPrefix()), receivedOn.equals(request.receivedOn()));
  }
}
