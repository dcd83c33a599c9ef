package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.party.ReportChain;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscrepancyPolicyTest {

  private static final ReportChain CHAIN =
      new ReportChain("hospital-a", List.of("ldi", "nttdata"), List.of("nttdata", "ldi", "jmimo"));
  private static final ReportingPeriod DECEMBER = ReportingPeriod.parse("2024-12");
  private static final PatientKey KEY = new PatientKey("a".repeat(64));
  private static final PatientKey OTHER = new PatientKey("b".repeat(64));

  private final DiscrepancyPolicy policy = new DiscrepancyPolicy();

  private static ReportManifest report(PatientKey... keys) {
    return new ReportManifest(DECEMBER, Arrays.asList(keys), List.of());
  }

  /** What the hospital declares from its own records: how many distinct patients, and their keys' digest. */
  private static Declaration declared(PatientKey... keys) {
    return declared(keys.length, keys);
  }

  private static Declaration declared(int count, PatientKey... keys) {
    return Declaration.of(count, count == 0, Declaration.digestPrefixOf(DECEMBER, Arrays.asList(keys)), null);
  }

  @Test
  void agreeingFiguresFindNothing() {
    assertThat(policy.checkReport(CHAIN, declared(KEY), List.of(KEY), List.of(), report(KEY),
        Map.of(KEY, List.of(LocalDate.of(2024, 12, 9))))).isEmpty();
  }

  @Test
  void zeroReportedAgainstOneInTheLedgerIsTheKeepersToFix() {
    var finding = policy.checkReport(CHAIN, declared(KEY), List.of(KEY), List.of(), report(), Map.of()).orElseThrow();

    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.REPORT_DIFFERS_FROM_LEDGER);
    assertThat(finding.responsibleParty()).isEqualTo("nttdata");
    assertThat(finding.expected()).isEqualTo(1);
    assertThat(finding.actual()).isZero();
    assertThat(finding.hop()).isEqualTo(1);
  }

  @Test
  void sameCountWithDifferentKeysStillDisagrees() {
    var finding = policy.checkReport(CHAIN, declared(KEY), List.of(KEY), List.of(), report(OTHER),
        Map.of(OTHER, List.of(LocalDate.of(2024, 12, 1)))).orElseThrow();

    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.REPORT_DIFFERS_FROM_LEDGER);
  }

  @Test
  void keyTheLedgerDoesNotHoldIsFlaggedFirst() {
    var finding = policy.checkReport(CHAIN, declared(KEY), List.of(KEY), List.of(), report(OTHER), Map.of()).orElseThrow();

    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.KEY_NOT_IN_LEDGER);
  }

  @Test
  void keyReceivedInJanuaryCannotBeFiledUnderDecember() {
    var finding = policy.checkReport(CHAIN, declared(), List.of(), List.of(), report(KEY),
        Map.of(KEY, List.of(LocalDate.of(2025, 1, 3)))).orElseThrow();

    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.ENTRY_OUTSIDE_PERIOD);
  }

  @Test
  void supplementMustBeFromAnEarlierMonth() {
    var supplementFromDecember = new ReportManifest(DECEMBER, List.of(), List.of(KEY));

    var finding = policy.checkReport(CHAIN, declared(), List.of(), List.of(), supplementFromDecember,
        Map.of(KEY, List.of(LocalDate.of(2024, 12, 9))));

    assertThat(finding).get().extracting(Finding::kind).isEqualTo(DiscrepancyKind.ENTRY_OUTSIDE_PERIOD);
  }

  @Test
  void hospitalsOwnCountIsTheHospitalsToFix() {
    var finding = policy.checkReport(CHAIN, declared(KEY, OTHER), List.of(KEY), List.of(), report(KEY),
        Map.of(KEY, List.of(LocalDate.of(2024, 12, 9)))).orElseThrow();

    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.DECLARATION_DIFFERS_FROM_LEDGER);
    assertThat(finding.responsibleParty()).isEqualTo("hospital-a");
    assertThat(finding.detail()).contains("count and keys").contains("declared 2 distinct patient(s)");
  }

  @Test
  void hospitalDeclaringTheRightCountOfTheWrongPatientsIsTheHospitalsToFix() {
    var finding = policy.checkReport(CHAIN, declared(OTHER), List.of(KEY), List.of(), report(KEY),
        Map.of(KEY, List.of(LocalDate.of(2024, 12, 9)))).orElseThrow();

    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.DECLARATION_DIFFERS_FROM_LEDGER);
    assertThat(finding.responsibleParty()).isEqualTo("hospital-a");
    assertThat(finding.hop()).isEqualTo(1);
    assertThat(finding.expected()).isEqualTo(1);
    assertThat(finding.actual()).isEqualTo(1);
    assertThat(finding.detail()).contains("in its keys").doesNotContain("count")
        .doesNotContain(KEY.value()).doesNotContain(OTHER.value())
        .doesNotContain(Declaration.digestPrefixOf(DECEMBER, List.of(KEY)));
  }

  @Test
  void hospitalDeclaringTheRightPatientsButTheWrongCountIsTheHospitalsToFix() {
    var finding = policy.checkReport(CHAIN, declared(2, KEY), List.of(KEY), List.of(), report(KEY),
        Map.of(KEY, List.of(LocalDate.of(2024, 12, 9)))).orElseThrow();

    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.DECLARATION_DIFFERS_FROM_LEDGER);
    assertThat(finding.detail()).contains("in its count:").doesNotContain("keys");
  }

  @Test
  void aNilReturnDeclaresTheDigestOfNoKeysForItsOwnMonth() {
    var nil = declared();
    assertThat(policy.checkReport(CHAIN, nil, List.of(), List.of(), report(), Map.of())).isEmpty();
    // The label is inside the digest: December's nil return is not January's.
    assertThat(nil.digestPrefix()).isNotEqualTo(Declaration.digestPrefixOf(ReportingPeriod.parse("2025-01"), List.of()));
  }

  @Test
  void aDeclarationRecordedBeforeThePrefixWasAskedForIsComparedByItsCount() {
    var old = new Declaration(1, false, null, null);

    assertThat(policy.checkReport(CHAIN, old, List.of(KEY), List.of(), report(KEY),
        Map.of(KEY, List.of(LocalDate.of(2024, 12, 9))))).isEmpty();
  }

  @Test
  void theDeclaredPrefixIsNormalisedAndAnythingButEightHexDigitsRefused() {
    String prefix = Declaration.digestPrefixOf(DECEMBER, List.of(KEY));

    assertThat(Declaration.of(1, false, " " + prefix.toUpperCase() + " ", null).digestPrefix()).isEqualTo(prefix);
    for (String bad : Arrays.asList(null, "", prefix.substring(0, 7), "xyz01234", prefix + "0")) {
      assertThatThrownBy(() -> Declaration.of(1, false, bad, null)).as(String.valueOf(bad))
          .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.field()).isEqualTo("digestPrefix"));
    }
  }

  @Test
  void thePrefixIsTheReportsDigestOverTheHospitalsKeysWithNoSupplement() {
    assertThat(Declaration.digestPrefixOf(DECEMBER, List.of(OTHER, KEY)))
        .isEqualTo(report(KEY, OTHER).digest().substring(0, 8));
  }

  @Test
  void acknowledgementThatDiffersIsTheSendersToFix() {
    String digest = report(KEY).digest();

    assertThat(policy.checkAcknowledgement(CHAIN, DECEMBER, 2, 1, digest, 1, digest.substring(0, 8))).isEmpty();
    var wrongCount = policy.checkAcknowledgement(CHAIN, DECEMBER, 2, 1, digest, 0, digest.substring(0, 8)).orElseThrow();
    assertThat(wrongCount.responsibleParty()).isEqualTo("ldi");
    assertThat(wrongCount.hop()).isEqualTo(2);
    assertThat(wrongCount.detail()).contains("count");
    var wrongDigest = policy.checkAcknowledgement(CHAIN, DECEMBER, 1, 1, digest, 1, "00000000").orElseThrow();
    assertThat(wrongDigest.responsibleParty()).isEqualTo("nttdata");
    assertThat(wrongDigest.detail()).contains("digest");
  }

  @Test
  void cumulativeShortfallIsTheKeepersToFix() {
    assertThat(policy.checkCumulative(CHAIN, DECEMBER, Set.of(KEY, OTHER), Set.of(KEY, OTHER))).isEmpty();
    var finding = policy.checkCumulative(CHAIN, DECEMBER, Set.of(KEY), Set.of(KEY, OTHER)).orElseThrow();
    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.CUMULATIVE_DRIFT);
    assertThat(finding.responsibleParty()).isEqualTo("nttdata");
    assertThat(finding.detail()).contains("1 never reached it");
  }

  @Test
  void equalTotalsOfDifferentPatientsAreADrift() {
    // The recipient holds a key the ledger corrected into another: the counts agree, the sets do not.
    var finding = policy.checkCumulative(CHAIN, DECEMBER, Set.of(KEY), Set.of(OTHER)).orElseThrow();

    assertThat(finding.kind()).isEqualTo(DiscrepancyKind.CUMULATIVE_DRIFT);
    assertThat(finding.expected()).isEqualTo(finding.actual());
    assertThat(finding.detail()).contains("1 never reached it").contains("1 it holds were corrected away");
  }

  @Test
  void theRecipientsAppliedListAgreesOnlyAsTheLedgersVerySet() {
    var ledger = Set.of(KEY, OTHER);
    var third = new PatientKey("c".repeat(64));
    assertThat(policy.checkAppliedSet(CHAIN, DECEMBER, ledger,
        new AppliedConfirmation(2, AppliedConfirmation.digestPrefixOf(DECEMBER, ledger)))).isEmpty();

    var missingOne = policy.checkAppliedSet(CHAIN, DECEMBER, ledger,
        new AppliedConfirmation(1, AppliedConfirmation.digestPrefixOf(DECEMBER, Set.of(KEY)))).orElseThrow();
    assertThat(missingOne.kind()).isEqualTo(DiscrepancyKind.APPLIED_SET_DIFFERS);
    assertThat(missingOne.responsibleParty()).isEqualTo("jmimo");
    assertThat(missingOne.hop()).isEqualTo(CHAIN.hopCount());
    // Blind: the finding carries what the recipient stated, never the ledger's count.
    assertThat(missingOne.expected()).isNull();
    assertThat(missingOne.actual()).isEqualTo(1);
    assertThat(missingOne.detail()).contains("number of patients");

    var samePatientsCountedOtherwise = policy.checkAppliedSet(CHAIN, DECEMBER, ledger,
        new AppliedConfirmation(2, AppliedConfirmation.digestPrefixOf(DECEMBER, Set.of(KEY, third)))).orElseThrow();
    assertThat(samePatientsCountedOtherwise.kind()).isEqualTo(DiscrepancyKind.APPLIED_SET_DIFFERS);
    assertThat(samePatientsCountedOtherwise.detail()).contains("a different digest");

    // The label is the month the list runs through: November's list does not pass for December's.
    assertThat(policy.checkAppliedSet(CHAIN, DECEMBER, ledger,
        new AppliedConfirmation(2, AppliedConfirmation.digestPrefixOf(DECEMBER.previous(), ledger)))).isPresent();
  }

  @Test
  void theCumulativeListIsDigestedAsTheMonthsReportOfItsSortedDistinctKeys() {
    String canonical = "optout-report/v1 2024-12\n" + KEY.value() + "\n" + OTHER.value() + "\n";

    assertThat(AppliedConfirmation.digestPrefixOf(DECEMBER, List.of(OTHER, KEY, OTHER)))
        .isEqualTo(io.optoutchain.digest.Sha256.hex(canonical).substring(0, 8))
        .isEqualTo(Declaration.digestPrefixOf(DECEMBER, List.of(KEY, OTHER)));
    assertThat(AppliedConfirmation.of(1, " ABCD 1234 ").digestPrefix()).isEqualTo("abcd1234");
    assertThatThrownBy(() -> AppliedConfirmation.of(-1, "abcd1234"))
        .isInstanceOfSatisfying(Rejected.class, refused -> assertThat(refused.field()).isEqualTo("count"));
    assertThatThrownBy(() -> AppliedConfirmation.of(1, "xyz"))
        .isInstanceOfSatisfying(Rejected.class, refused -> assertThat(refused.field()).isEqualTo("digestPrefix"));
  }

  @Test
  void aDisagreementAboutTheAppliedListIsResolvedOnlyByTheRecipientReStatingIt() {
    var kind = DiscrepancyKind.APPLIED_SET_DIFFERS;
    assertThat(Resolution.RESTATED_APPLIED_SET.offeredFor(kind, CHAIN, "jmimo")).isTrue();
    assertThat(Resolution.CORRECTED_REPORT.offeredFor(kind, CHAIN, "jmimo")).isFalse();
    assertThat(Resolution.RESTATED_APPLIED_SET.offeredFor(kind, CHAIN, "nttdata")).isFalse();
    // Every other discrepancy is fixed upstream: re-stating the list resolves none of them.
    assertThat(Resolution.RESTATED_APPLIED_SET.offeredFor(DiscrepancyKind.CUMULATIVE_DRIFT, CHAIN, "jmimo")).isFalse();
    assertThat(Resolution.CORRECTED_REPORT.offeredFor(DiscrepancyKind.CUMULATIVE_DRIFT, CHAIN, "nttdata")).isTrue();
  }

  @Test
  void aReportMustWithdrawWhatTheLedgerCorrectedAway() {
    var withdrawing = new ReportManifest(DECEMBER, List.of(), List.of(), List.of(OTHER));

    assertThat(policy.checkReport(CHAIN, declared(), List.of(), List.of(OTHER), withdrawing, Map.of())).isEmpty();
    var notWithdrawing = policy.checkReport(CHAIN, declared(), List.of(), List.of(OTHER), report(), Map.of()).orElseThrow();
    assertThat(notWithdrawing.kind()).isEqualTo(DiscrepancyKind.REPORT_DIFFERS_FROM_LEDGER);
    assertThat(notWithdrawing.responsibleParty()).isEqualTo("nttdata");
  }

  @Test
  void acknowledgementsResumeAtTheFirstHopThatNoLongerCoversTheReport() {
    assertThat(policy.resumeHop(2, List.of("d1"), "d1")).isEqualTo(2);
    assertThat(policy.resumeHop(2, List.of("d1"), "d2")).isEqualTo(1);
    assertThat(policy.resumeHop(3, Arrays.asList("d2", null), "d2")).isEqualTo(2);
    assertThat(policy.resumeHop(1, List.of(), "d2")).isEqualTo(1);
  }
}
