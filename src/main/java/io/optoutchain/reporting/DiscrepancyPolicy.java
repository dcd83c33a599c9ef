package io.optoutchain.reporting;

import io.optoutchain.ledger.PatientKey;
import io.optoutchain.party.ReportChain;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.Set;

/**
 * Compares a monthly report's figures and says who must act. Plain Java, so the rules are tested
 * without the engine. Checks run in a fixed order and stop at the first disagreement: the one
 * closest to the source is the one worth fixing first.
 */
public class DiscrepancyPolicy {

  /**
   * The report as sent against the ledger and the hospital's declaration.
   *
   * @param declared the hospital's latest declaration: its count and the digest prefix of its keys
   * @param receivedDates for each key in the report, the dates the hospital received its entries
   */
  public Optional<Finding> checkReport(ReportChain chain, Declaration declared, List<PatientKey> ledgerKeys,
      List<PatientKey> withdrawnKeys, ReportManifest sent, Map<PatientKey, List<LocalDate>> receivedDates) {
    String keeper = chain.ledgerKeeper();
    ReportingPeriod period = sent.period();

    long unknown = sent.periodKeys().stream().filter(k -> !receivedDates.containsKey(k)).count()
        + sent.supplementKeys().stream().filter(k -> !receivedDates.containsKey(k)).count();
    if (unknown > 0) {
      return finding(DiscrepancyKind.KEY_NOT_IN_LEDGER, 1, keeper, 0, (int) unknown,
          unknown + " key(s) in the " + period + " report are not in the ledger of " + chain.hospitalId());
    }
    long outside = sent.periodKeys().stream()
        .filter(k -> receivedDates.get(k).stream().noneMatch(period::contains)).count()
        + sent.supplementKeys().stream()
        .filter(k -> receivedDates.get(k).stream().noneMatch(d -> d.isBefore(period.firstDay()))).count();
    if (outside > 0) {
      return finding(DiscrepancyKind.ENTRY_OUTSIDE_PERIOD, 1, keeper, 0, (int) outside,
          outside + " key(s) in the " + period + " report were received by the hospital outside " + period
              + " (an entry belongs to the month the hospital received it)");
    }
    if (!sent.periodKeys().equals(ledgerKeys)) {
      return finding(DiscrepancyKind.REPORT_DIFFERS_FROM_LEDGER, 1, keeper, ledgerKeys.size(), sent.periodCount(),
          "the " + period + " report names " + sent.periodCount() + " patient(s); the ledger holds "
              + ledgerKeys.size() + " received in " + period);
    }
    if (!sent.withdrawnKeys().equals(withdrawnKeys)) {
      return finding(DiscrepancyKind.REPORT_DIFFERS_FROM_LEDGER, 1, keeper, withdrawnKeys.size(), sent.withdrawnCount(),
          "the " + period + " report withdraws " + sent.withdrawnCount() + " patient(s); the final recipient holds "
              + withdrawnKeys.size() + " that the ledger has corrected away");
    }
    boolean countAgrees = declared.count() == ledgerKeys.size();
    // A declaration recorded before the prefix was asked for is compared by its count, as declared.
    boolean keysAgree = declared.digestPrefix() == null
        || declared.digestPrefix().equals(Declaration.digestPrefixOf(period, ledgerKeys));
    if (!countAgrees || !keysAgree) {
      String what = !countAgrees && !keysAgree ? "count and keys" : countAgrees ? "keys" : "count";
      return finding(DiscrepancyKind.DECLARATION_DIFFERS_FROM_LEDGER, 1, chain.hospitalId(), ledgerKeys.size(),
          declared.count(), chain.hospitalId() + "'s declaration for " + period + " differs from the ledger in its "
              + what + ": declared " + declared.count() + " distinct patient(s)"
              + (countAgrees ? " with a different digest of their keys" : "") + "; the ledger holds "
              + ledgerKeys.size());
    }
    return Optional.empty();
  }

  /** What the receiver of a hop entered, blind, against the report of record. */
  public Optional<Finding> checkAcknowledgement(ReportChain chain, ReportingPeriod period, int hop, int sentCount,
      String sentDigest, int acknowledgedCount, String acknowledgedDigestPrefix) {
    boolean countAgrees = acknowledgedCount == sentCount;
    boolean digestAgrees = sentDigest.startsWith(acknowledgedDigestPrefix);
    if (countAgrees && digestAgrees) {
      return Optional.empty();
    }
    String what = !countAgrees && !digestAgrees ? "count and digest" : countAgrees ? "digest" : "count";
    return finding(DiscrepancyKind.ACKNOWLEDGEMENT_DIFFERS, hop, chain.sender(hop), sentCount, acknowledgedCount,
        chain.receiver(hop) + " acknowledged a " + what + " for " + period + " at hop " + hop
            + " that differs from the report " + chain.sender(hop) + " sent");
  }

  /**
   * The final recipient's set of patients against the ledger's effective set (corrections replace
   * keys), up to the end of the period, both ways: every key the ledger holds must have reached the
   * recipient, and the recipient must hold no key the ledger has corrected away.
   */
  public Optional<Finding> checkCumulative(ReportChain chain, ReportingPeriod period, Set<PatientKey> recipientKeys,
      Set<PatientKey> ledgerKeys) {
    Set<PatientKey> missing = new TreeSet<>(ledgerKeys);
    missing.removeAll(recipientKeys);
    Set<PatientKey> extra = new TreeSet<>(recipientKeys);
    extra.removeAll(ledgerKeys);
    if (missing.isEmpty() && extra.isEmpty()) {
      return Optional.empty();
    }
    return finding(DiscrepancyKind.CUMULATIVE_DRIFT, 1, chain.ledgerKeeper(), ledgerKeys.size(), recipientKeys.size(),
        chain.finalRecipient() + " holds " + recipientKeys.size() + " patient(s) of " + chain.hospitalId()
            + " up to the end of " + period + ", the ledger " + ledgerKeys.size() + ": " + missing.size()
            + " never reached it, " + extra.size() + " it holds were corrected away in the ledger");
  }

  /**
   * What the final recipient confirmed it applies against the ledger's effective set of the hospital's
   * patients up to the end of the period: the same number and the same digest (so the same patients).
   * A difference is the recipient's to resolve in its own exclusion list. The ledger's figures are not
   * put in the finding (expected stays empty): the recipient re-states blind, as it confirmed.
   */
  public Optional<Finding> checkAppliedSet(ReportChain chain, ReportingPeriod period, Set<PatientKey> ledgerKeys,
      AppliedConfirmation stated) {
    boolean countAgrees = stated.count() == ledgerKeys.size();
    boolean keysAgree = stated.digestPrefix().equals(AppliedConfirmation.digestPrefixOf(period, ledgerKeys));
    if (countAgrees && keysAgree) {
      return Optional.empty();
    }
    String what = countAgrees ? "patients (the same number, a different digest)" : "number of patients";
    return Optional.of(new Finding(DiscrepancyKind.APPLIED_SET_DIFFERS, chain.hopCount(), chain.finalRecipient(), null,
        stated.count(), chain.finalRecipient() + " confirmed an exclusion list of " + stated.count() + " patient(s) of "
            + chain.hospitalId() + " up to the end of " + period + " that differs from the ledger's effective set in its "
            + what));
  }

  /**
   * The hop from which acknowledgements resume after a resolution: the hop where the figures
   * diverged, or an earlier one whose acknowledgement no longer covers the report now sent.
   *
   * @param acknowledgedDigests for hop 1, 2, ...: the digest of the report that hop last agreed to, or null
   */
  public int resumeHop(int divergentHop, List<String> acknowledgedDigests, String currentDigest) {
    for (int hop = 1; hop < divergentHop; hop++) {
      String acknowledged = hop <= acknowledgedDigests.size() ? acknowledgedDigests.get(hop - 1) : null;
      if (!currentDigest.equals(acknowledged)) {
        return hop;
      }
    }
    return divergentHop;
  }

  private static Optional<Finding> finding(DiscrepancyKind kind, int hop, String party, int expected, int actual,
      String detail) {
    return Optional.of(new Finding(kind, hop, party, expected, actual, detail));
  }
}
