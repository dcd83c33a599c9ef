package io.optoutchain.reporting;

import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import java.util.List;

/**
 * The hospital's own account of a period, from its own records: how many distinct patients opted
 * out with it, and the first 8 hex digits of the digest of their keys (see {@link #digestPrefixOf}),
 * so that it agrees with the ledger on the set, not only on the number. Zero is never assumed: a
 * nil return is a count of 0 with an explicit attestation.
 *
 * @param digestPrefix null only for a declaration recorded before the prefix was asked for
 */
public record Declaration(int count, boolean nilAttested, String digestPrefix, String reason) {

  public static Declaration of(Integer count, Boolean nilAttested, String digestPrefix, String reason) {
    if (count == null) {
      throw Rejected.invalid("count", "この期間に病院で提供停止を求めた患者の人数（重複を除く）を入力してください。既定値はありません",
          "the number of distinct patients who opted out with the hospital in the period is required; there is no default");
    }
    if (count < 0) {
      throw Rejected.invalid("count", "患者数は0以上の整数で入力してください", "a number of distinct patients cannot be negative");
    }
    boolean attested = Boolean.TRUE.equals(nilAttested);
    if (count == 0 && !attested) {
      throw Rejected.invalid("nilAttested", "0人は「該当なし」の申告です。明示的に確認してください (nilAttested = true)",
          "0 distinct patients is a nil return: attest it explicitly (nilAttested = true)");
    }
    if (count > 0 && attested) {
      throw Rejected.invalid("nilAttested", "「該当なし」の確認は患者数が0人のときだけです（入力: " + count + " 人）",
          "a nil attestation goes with 0 distinct patients, not " + count);
    }
    String prefix = DigestPrefix.normalise("digestPrefix", digestPrefix,
        "自院のこの期間のキーのダイジェスト。自院のキー一覧のファイルを申告画面で選ぶと計算されます。POST /api/manifests/digest でも計算できます（なければ空のリスト）",
        "the digest of your own keys for the period; choosing your key list file in the declaration form"
        + " computes it, so does POST /api/manifests/digest (an empty list for none)");
    if (reason != null && reason.length() > 500) {
      throw Rejected.invalid("reason", "理由は500文字以内で入力してください", "a reason has at most 500 characters");
    }
    return new Declaration(count, attested, prefix, reason);
  }

  /**
   * What a hospital declares beside its count: the first 8 hex digits of the report's digest
   * ({@link ReportManifest#digest()}) over its own keys for the period, with no supplement. The one
   * place this scheme is written down.
   */
  public static String digestPrefixOf(ReportingPeriod period, List<PatientKey> keys) {
    return new ReportManifest(period, keys, List.of()).digest().substring(0, 8);
  }
}
