package io.optoutchain.reporting;

import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import java.util.Collection;
import java.util.List;

/**
 * The final recipient's statement, blind, that it applies a hospital's opt-outs: how many of the
 * hospital's patients its own exclusion list holds, and the first 8 hex digits of the digest of
 * their keys. Acknowledging receipt is not enough; this says what the recipient actually excludes.
 *
 * <p>The list is cumulative: every patient of the hospital whose opt-out stands, up to the end of
 * the period. It is digested as a report of that period with no supplement would be (see
 * {@link #digestPrefixOf}): the label is the period through whose end the list is cumulative, so
 * July's list cannot pass as June's.
 */
public record AppliedConfirmation(int count, String digestPrefix) {

  public static AppliedConfirmation of(Integer count, String digestPrefix) {
    if (count == null || count < 0) {
      throw Rejected.invalid("count", "自社の除外リストにあるこの病院の患者数（重複を除く、0以上の整数）を入力してください",
          "enter the number of the hospital's distinct patients in your own exclusion list (a whole number, 0 or more)");
    }
    String prefix = DigestPrefix.normalise("digestPrefix", digestPrefix,
        "自社の除外リスト（この病院分、対象月末までの累計）のダイジェスト。確認画面でファイルを選ぶと計算されます",
        "the digest of your own exclusion list of the hospital, cumulative to the end of the period; choosing the"
        + " file in the confirmation form computes it");
    return new AppliedConfirmation(count, prefix);
  }

  /**
   * The first 8 hex digits of the digest of a cumulative list: SHA-256 over
   * {@code "optout-report/v1 <period>\n"} and one {@code "<key>\n"} per sorted distinct key, where
   * {@code <period>} is the month through whose end the list is cumulative. The same scheme as a
   * hospital's declaration ({@link Declaration#digestPrefixOf}), so the browser computes it the same way.
   */
  public static String digestPrefixOf(ReportingPeriod through, Collection<PatientKey> keys) {
    return Declaration.digestPrefixOf(through, List.copyOf(new java.util.TreeSet<>(keys)));
  }
}
