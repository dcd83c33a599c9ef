package io.optoutchain.reporting;

import io.optoutchain.party.ReportChain;
import java.util.function.Function;

/**
 * A discrepancy told in the operators' words, Japanese then English: what disagreed, where on the
 * chain, who found it, and its figures. The figures are for the party that must fix it only (see
 * {@link #figures()}); the rest may be shown to anyone who follows the report.
 *
 * @param what what disagreed
 * @param where the hop (sender → receiver), or the declaration, where the figures diverged
 * @param foundBy the comparison that found it: always the system's, at a named step
 * @param figures the figures in disagreement and the comparison's detail, for the responsible party only
 */
public record DiscrepancyExplanation(String what, String where, String foundBy, String figures) {

  /**
   * @param name a party's display name from its id
   */
  public static DiscrepancyExplanation of(DiscrepancyKind kind, int hop, Integer expected, Integer actual,
      String detail, ReportChain chain, Function<String, String> name) {
    int shownHop = hop >= 1 && hop <= chain.hopCount() ? hop : 1;
    String sender = name.apply(chain.sender(shownHop));
    String receiver = name.apply(chain.receiver(shownHop));
    String onHop = "第" + shownHop + "ホップ / hop " + shownHop + ": " + sender + " → " + receiver;
    String checkReport = "システムの照合（送付された報告を台帳・病院の申告と照合）/ The system, checking the report as"
        + " sent against the ledger and the hospital's declaration";
    return switch (kind) {
      case KEY_NOT_IN_LEDGER -> new DiscrepancyExplanation(
          "報告に、病院の台帳にない患者キーが含まれています。/ The report names patient keys that are not in the"
              + " hospital's ledger.",
          onHop, checkReport,
          figures("台帳にないキー / keys not in the ledger: " + actual, detail));
      case ENTRY_OUTSIDE_PERIOD -> new DiscrepancyExplanation(
          "報告に、病院がこの月以外に受け付けた申請のキーが含まれています（申請は病院が受け付けた月に属します）。"
              + "/ The report files keys the hospital received in another month (a request belongs to the month"
              + " the hospital received it).",
          onHop, checkReport,
          figures("対象月外のキー / keys from another month: " + actual, detail));
      case REPORT_DIFFERS_FROM_LEDGER -> new DiscrepancyExplanation(
          "報告のキーが、台帳にあるこの月のキーと一致しません。/ The report's keys are not the ledger's keys for"
              + " the month.",
          onHop, checkReport,
          figures("台帳 / ledger: " + expected + "、報告 / report: " + actual, detail));
      case DECLARATION_DIFFERS_FROM_LEDGER -> new DiscrepancyExplanation(
          "病院の申告（人数、またはキーのダイジェスト）が台帳と一致しません。/ The hospital's declaration (its count,"
              + " or the digest of its keys) differs from the ledger.",
          name.apply(chain.hospitalId()) + " の申告（報告は第1ホップで止まっています）/ the declaration of "
              + name.apply(chain.hospitalId()) + " (the report is held at " + onHop + ")",
          checkReport,
          figures("台帳 / ledger: " + expected + " 人 / patients、申告 / declared: " + actual + " 人 / patients",
              detail));
      case ACKNOWLEDGEMENT_DIFFERS -> new DiscrepancyExplanation(
          "受領者が確認した人数またはダイジェストが、送付された報告と一致しません。/ What the receiver acknowledged"
              + " (count or digest) differs from the report that was sent.",
          onHop,
          "システムの照合（" + receiver + " の受領確認を送付された報告と照合）/ The system, checking the"
              + " acknowledgement of " + receiver + " against the report sent",
          figures("送付 / sent: " + expected + " 人 / patients、受領確認 / acknowledged: " + actual
              + " 人 / patients", detail));
      case CUMULATIVE_DRIFT -> new DiscrepancyExplanation(
          "最終受領者が保有する累計が台帳と一致しません。/ The final recipient's running total differs from the"
              + " ledger.",
          "全ホップの受領確認後、最終受領者 " + name.apply(chain.finalRecipient()) + " / after every hop"
              + " acknowledged, at the final recipient " + name.apply(chain.finalRecipient()),
          "システムの照合（累計を台帳と照合）/ The system, checking cumulative totals against the ledger",
          figures("台帳 / ledger: " + expected + " 人 / patients、最終受領者 / final recipient: " + actual
              + " 人 / patients", detail));
      case LEDGER_CHANGED_AFTER_RECONCILIATION -> new DiscrepancyExplanation(
          "照合済みの月に、台帳の登録または訂正がありました。報告を再送付してください。/ The ledger took an entry or a"
              + " correction for a month already reconciled; the month's report must be sent again.",
          onHop,
          "システム（照合済みの月への台帳変更を検知）/ The system, on a ledger change to a reconciled month",
          figures(null, detail));
      // Blind, as the confirmation was: only what the recipient stated, never the ledger's figures.
      case APPLIED_SET_DIFFERS -> new DiscrepancyExplanation(
          "最終受領者が適用していると確認した除外リスト（この病院の患者、対象月末までの累計）が、台帳の有効な集合と一致しません。"
              + "報告はすべて受領済みです（累計の照合は一致）。自社の除外リストを直し、人数とダイジェストを再申告してください。"
              + "/ The exclusion list the final recipient confirmed it applies (the hospital's patients, cumulative to the"
              + " end of the month) is not the ledger's effective set. Every report reached it (the cumulative check"
              + " agreed): fix your own exclusion list, then state its count and digest again.",
          "最終受領者 " + name.apply(chain.finalRecipient()) + " の除外リスト / the exclusion list of the final"
              + " recipient " + name.apply(chain.finalRecipient()),
          "システムの照合（適用確認を台帳の累計と照合）/ The system, checking the applied confirmation against the"
              + " ledger's cumulative set",
          figures("申告した人数 / stated: " + actual + " 人 / patients", detail));
    };
  }

  private static String figures(String figures, String detail) {
    String shown = figures == null ? "" : figures;
    if (detail != null && !detail.isBlank()) {
      shown = shown.isEmpty() ? "詳細 / detail: " + detail : shown + "（詳細 / detail: " + detail + "）";
    }
    return shown;
  }
}
