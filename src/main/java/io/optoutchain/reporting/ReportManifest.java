package io.optoutchain.reporting;

import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a monthly report carries: the period label, the sorted keys of the period's opt-outs and,
 * as a supplement, the sorted keys of earlier opt-outs that never reached the recipient.
 *
 * <p>The digest is SHA-256 over the UTF-8 text {@code "optout-report/v1 <period>\n"}, then one
 * line {@code "<key>\n"} per period key, then one line {@code "late <key>\n"} per supplement key.
 * The label is inside the digest, so December's report cannot pass as January's.
 */
public record ReportManifest(ReportingPeriod period, List<PatientKey> periodKeys, List<PatientKey> supplementKeys) {

  public ReportManifest {
    periodKeys = sortedWithoutDuplicates("keys", periodKeys);
    supplementKeys = sortedWithoutDuplicates("supplementKeys", supplementKeys);
    Set<PatientKey> both = new TreeSet<>(periodKeys);
    both.retainAll(supplementKeys);
    if (!both.isEmpty()) {
      throw Rejected.invalid("supplementKeys", both.size() + " key(s) appear both as period keys and as supplement");
    }
  }

  private static List<PatientKey> sortedWithoutDuplicates(String field, List<PatientKey> keys) {
    TreeSet<PatientKey> sorted = new TreeSet<>(keys);
    if (sorted.size() != keys.size()) {
      throw Rejected.invalid(field, (keys.size() - sorted.size()) + " duplicate key(s) in the manifest");
    }
    return List.copyOf(sorted);
  }

  public int periodCount() {
    return periodKeys.size();
  }

  public int supplementCount() {
    return supplementKeys.size();
  }

  /** The number of patients the report names: what a receiver counts in what it received. */
  public int totalCount() {
    return periodKeys.size() + supplementKeys.size();
  }

  public String digest() {
    Sha256 sha256 = Sha256.start().add("optout-report/v1 " + period.label() + "\n");
    periodKeys.forEach(key -> sha256.add(key.value() + "\n"));
    supplementKeys.forEach(key -> sha256.add("late " + key.value() + "\n"));
    return sha256.hex();
  }

}
