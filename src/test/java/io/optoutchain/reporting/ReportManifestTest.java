package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportManifestTest {

  private static final PatientKey A = new PatientKey("a".repeat(64));
  private static final PatientKey B = new PatientKey("b".repeat(64));

  @Test
  void digestIsSha256OverTheDocumentedCanonicalText() throws Exception {
    var manifest = new ReportManifest(ReportingPeriod.parse("2024-12"), List.of(B, A), List.of());

    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
        ("optout-report/v1 2024-12\n" + A + "\n" + B + "\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(manifest.digest()).isEqualTo(expected);
    assertThat(manifest.periodKeys()).containsExactly(A, B);
  }

  @Test
  void aWithdrawnKeyIsInTheDigestButNotInTheCount() throws Exception {
    var december = ReportingPeriod.parse("2024-12");
    var plain = new ReportManifest(december, List.of(A), List.of());
    var withdrawing = new ReportManifest(december, List.of(A), List.of(), List.of(B));

    assertThat(withdrawing.totalCount()).isEqualTo(plain.totalCount()).isEqualTo(1);
    String text = "optout-report/v1 2024-12\n" + A.value() + "\nwithdrawn " + B.value() + "\n";
    assertThat(withdrawing.digest()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))));
    // Withdrawing nothing digests as the report always has.
    assertThat(new ReportManifest(december, List.of(A), List.of(), List.of()).digest()).isEqualTo(plain.digest());
  }

  @Test
  void sameKeysUnderAnotherMonthsLabelHaveAnotherDigest() {
    var december = new ReportManifest(ReportingPeriod.parse("2024-12"), List.of(), List.of());
    var january = new ReportManifest(ReportingPeriod.parse("2025-01"), List.of(), List.of());

    assertThat(december.digest()).isNotEqualTo(january.digest());
  }

  @Test
  void supplementChangesTheDigestAndTheCount() {
    var plain = new ReportManifest(ReportingPeriod.parse("2024-12"), List.of(A), List.of());
    var withLateKey = new ReportManifest(ReportingPeriod.parse("2024-12"), List.of(A), List.of(B));

    assertThat(withLateKey.digest()).isNotEqualTo(plain.digest());
    assertThat(withLateKey.totalCount()).isEqualTo(2);
    assertThat(withLateKey.periodCount()).isEqualTo(1);
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThatThrownBy(() -> new ReportManifest(ReportingPeriod.parse("2024-12"), List.of(A, A), List.of()))
        .isInstanceOf(Rejected.class).hasMessageContaining("1 duplicate");
    assertThatThrownBy(() -> new ReportManifest(ReportingPeriod.parse("2024-12"), List.of(A), List.of(A)))
        .isInstanceOf(Rejected.class).hasMessageContaining("both");
  }
}
