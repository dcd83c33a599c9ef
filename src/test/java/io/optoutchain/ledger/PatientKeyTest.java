package io.optoutchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.error.Rejected;
import org.junit.jupiter.api.Test;

class PatientKeyTest {

  @Test
  void keyIs64LowercaseHexDigits() {
    assertThat(new PatientKey("0123456789abcdef".repeat(4)).value()).hasSize(64);
    for (String bad : new String[] {"ABCDEF".repeat(10) + "ABCD", "a".repeat(63), "g".repeat(64), "", null}) {
      assertThatThrownBy(() -> new PatientKey(bad)).isInstanceOf(Rejected.class);
    }
  }

  @Test
  void refusalNeverEchoesWhatMightBeARawIdentifier() {
    assertThatThrownBy(() -> new PatientKey("patient-000123")).hasMessageNotContaining("000123")
        .hasMessageContaining("14 characters");
  }
}
