package io.optoutchain.reporting;

import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a monthly report carries: the period label, the sorted keys of the period's opt-outs, as a
 * supplement the sorted keys of earlier opt-outs that never reached the recipient, and the sorted
 * keys the recipient was sent earlier that the ledger has since corrected away (withdrawn).
 *
 * <p>The digest is SHA-256 over the UTF-8 text {@code "optout-report/v1 <period>\n"}, then one
 * line {@code "<key>\n"} per period key, one line {@code "late <key>\n"} per supplement key and
 * one line {@code "withdrawn <key>\n"} per withdrawn key. The label is inside the digest, so
 * December's report cannot pass as January's; a report that withdraws nothing digests as before.
 */
public record ReportManifest(ReportingPeriod period, List<PatientKey> periodKeys, List<PatientKey> supplementKeys,
    List<PatientKey> withdrawnKeys) {

  public ReportManifest {
    periodKeys = sortedWithoutDuplicates("keys", periodKeys);
    supplementKeys = sortedWithoutDuplicates("supplementKeys", supplementKeys);
    withdrawnKeys = sortedWithoutDuplicates("withdrawnKeys", withdrawnKeys == null ? List.of() : withdrawnKeys);
    requireDisjoint("keys", periodKeys, "supplementKeys", supplementKeys);
    requireDisjoint("keys", periodKeys, "withdrawnKeys", withdrawnKeys);
    requireDisjoint("supplementKeys", supplementKeys, "withdrawnKeys", withdrawnKeys);
  }

  /** A report that withdraws nothing. */
  public ReportManifest(ReportingPeriod period, List<PatientKey> periodKeys, List<PatientKey> supplementKeys) {
    this(period, periodKeys, supplementKeys, List.of());
  }

  private static void requireDisjoint(String oneName, List<PatientKey> one, String field, List<PatientKey> other) {
    Set<PatientKey> both = new TreeSet<>(one);
    both.retainAll(other);
    if (!both.isEmpty()) {
      throw Rejected.invalid(field, oneName + " と " + field + " の両方に同じキーが " + both.size() + " 件あります", both.size() + " key(s) appear both in " + oneName + " and in " + field);
    }
  }

  private static List<PatientKey> sortedWithoutDuplicates(String field, List<PatientKey> keys) {
    TreeSet<PatientKey> sorted = new TreeSet<>(keys);
    if (sorted.size() != keys.size()) {
      throw Rejected.invalid(field, "マニフェストに重複したキーが " + (keys.size() - sorted.size()) + " 件あります", (keys.size() - sorted.size()) + " duplicate key(s) in the manifest");
    }
    return List.copyOf(sorted);
  }

  public int periodCount() {
    return periodKeys.size();
  }

  public int supplementCount() {
    return supplementKeys.size();
  }

  public int withdrawnCount() {
    return withdrawnKeys.size();
  }

  /**
   * The number of distinct patients whose opt-out the report carries (the month's and the late
   * ones): what a receiver counts in what it received. Withdrawn keys are not counted; they are
   * in the digest.
   */
  public int totalCount() {
    return periodKeys.size() + supplementKeys.size();
  }

  /**
   * The report as a file: exactly the text the digest is taken over, so a receiver who digests the
   * file it was handed (a UTF-8 text file, one line per key) gets the same digest. It carries no
   * count and no digest; the receiver finds both by itself.
   */
  public String canonicalText() {
    StringBuilder text = new StringBuilder("optout-report/v1 ").append(period.label()).append('\n');
    periodKeys.forEach(key -> text.append(key.value()).append('\n'));
    supplementKeys.forEach(key -> text.append("late ").append(key.value()).append('\n'));
    withdrawnKeys.forEach(key -> text.append("withdrawn ").append(key.value()).append('\n'));
    return text.toString();
  }

  public String digest() {
    return Sha256.hex(canonicalText());
  }

}
