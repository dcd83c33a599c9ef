package io.optoutchain.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.error.Rejected;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

class ProvisionGateTest extends ReportingTest {

  @Autowired ProvisionGate gate;

  private void reconcileDecember() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 9));
    start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, "2024-12");
    confirmAppliedAsTheLedgerHasIt("2024-12");
  }

  @Test
  void theIncidentsReleaseCutOffAfterDecemberIsRefused() {
    // December as in the seed: January's figures under December's label.
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    start("2024-12");
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());

    GateDecision decision = gate.decide("jmimo", LocalDate.of(2025, 4, 25), List.of(HOSPITAL));

    assertThat(decision.decision()).isEqualTo(GateDecision.Decision.CLOSED);
    assertThat(decision.blockingCount()).isEqualTo(5);
    assertThat(decision.blocking()).extracting(b -> b.period() + " " + b.status()).containsExactly(
        "2024-12 DISCREPANCY", "2025-01 NOT_STARTED", "2025-02 NOT_STARTED", "2025-03 NOT_STARTED",
        "2025-04 NOT_STARTED");
    // Every month started, one not reconciled.
    assertThat(gate.decide("jmimo", LocalDate.of(2024, 12, 31), List.of(HOSPITAL)).blocking())
        .extracting(b -> b.hospitalId() + " " + b.period() + " " + b.status())
        .containsExactly("hospital-a 2024-12 DISCREPANCY");
  }

  @Test
  void gateOpensOnlyWhenEveryMonthOfEveryHospitalUpToTheCutOffIsReconciled() {
    reconcileDecember();

    assertThat(gate.decide("jmimo", LocalDate.of(2024, 12, 31), List.of(HOSPITAL)).decision())
        .isEqualTo(GateDecision.Decision.OPEN);
    var withAnotherHospital = gate.decide("jmimo", LocalDate.of(2024, 12, 31), List.of(HOSPITAL, "hospital-b"));
    assertThat(withAnotherHospital.decision()).isEqualTo(GateDecision.Decision.CLOSED);
    assertThat(withAnotherHospital.blocking()).extracting(GateDecision.Blocking::hospitalId).containsExactly("hospital-b");
    assertThat(gate.decide("jmimo", LocalDate.of(2025, 1, 5), List.of(HOSPITAL)).blocking())
        .extracting(b -> b.period() + " " + b.status()).containsExactly("2025-01 NOT_STARTED");
    // A month reconciled towards another recipient does not open J-MIMO's gate.
    assertThatThrownBy(() -> gate.decide("nttdata", LocalDate.of(2024, 12, 31), List.of(HOSPITAL)))
        .isInstanceOf(Rejected.class).hasMessageContaining("certified producer");
    assertThat(gate.decide("ldi", LocalDate.of(2024, 12, 31), List.of(HOSPITAL)).decision())
        .isEqualTo(GateDecision.Decision.CLOSED);
  }

  @Test
  void gateOverHttpForTheRecipientRegulatorsAndAdministratorsOnly() {
    reconcileDecember();
    String url = "/api/gate?recipient=jmimo&cutoff=2024-12-31&hospitals=hospital-a";

    var asked = rest.withBasicAuth(JMIMO_OPERATOR, "demo").getForEntity(url, String.class);
    assertThat(asked.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(asked.getBody()).contains("\"decision\":\"OPEN\"");
    assertThat(rest.withBasicAuth("regulator", "demo").getForEntity(url, String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(rest.withBasicAuth(LDI_OPERATOR, "demo").getForEntity(url, String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.withBasicAuth(JMIMO_OPERATOR, "demo")
        .getForEntity("/api/gate?recipient=jmimo&cutoff=2024-11-30&hospitals=hospital-a", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(rest.withBasicAuth(JMIMO_OPERATOR, "demo")
        .getForEntity("/api/gate?recipient=jmimo&cutoff=25-04-2025", String.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }
}
