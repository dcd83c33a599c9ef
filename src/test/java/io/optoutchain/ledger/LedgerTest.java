package io.optoutchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.error.Rejected;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class LedgerTest extends ReportingTest {

  @Autowired LedgerRepository repository;

  private LedgerEntry correct(long entryId, String key, LocalDate receivedOn, String reason) {
    return as(KEEPER_OPERATOR, () -> ledger.record(new NewLedgerEntry(HOSPITAL, new PatientKey(key),
        OptOutKind.STOP_PROVISION, receivedOn, entryId, reason), currentActor.requireParty()));
  }

  @Test
  void correctionIsANewEntryAndMovesThePatientToTheMonthTheHospitalReallyReceivedTheRequest() {
    long entered = recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2025, 1, 4));

    LedgerEntry correction = correct(entered, patientKey("1"), LocalDate.of(2024, 12, 9), "hospital received it in December");

    assertThat(correction.correctsEntryId()).isEqualTo(entered);
    assertThat(correction.period().label()).isEqualTo("2024-12");
    assertThat(repository.find(entered)).get().extracting(LedgerEntry::receivedOn).isEqualTo(LocalDate.of(2025, 1, 4));
    assertThat(repository.keysReceivedBetween(HOSPITAL, LocalDate.of(2024, 12, 1), LocalDate.of(2024, 12, 31)))
        .extracting(PatientKey::value).containsExactly(patientKey("1"));
    assertThat(repository.keysReceivedBetween(HOSPITAL, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31))).isEmpty();
  }

  @Test
  void correctionNeedsAReasonAndCorrectsOnlyTheLatestEntry() {
    long entered = recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));

    assertThatThrownBy(() -> correct(entered, patientKey("1"), LocalDate.of(2024, 12, 8), null))
        .isInstanceOf(Rejected.class).extracting(e -> ((Rejected) e).field()).isEqualTo("reason");
    correct(entered, patientKey("1"), LocalDate.of(2024, 12, 8), "date typed wrong");
    assertThatThrownBy(() -> correct(entered, patientKey("1"), LocalDate.of(2024, 12, 7), "again"))
        .isInstanceOf(Rejected.class).hasMessageContaining("already been corrected");
  }

  @Test
  void onlyTheHospitalAndItsIntakeChainRecordItsOptOuts() {
    assertThatThrownBy(() -> as(JMIMO_OPERATOR, () -> ledger.record(new NewLedgerEntry(HOSPITAL,
        new PatientKey(patientKey("1")), OptOutKind.DELETE, LocalDate.of(2024, 12, 9), null, null),
        currentActor.requireParty()))).isInstanceOf(Rejected.class).hasMessageContaining("intake chain");
  }

  @Test
  void ledgerRowsCannotBeChangedOrDeleted() {
    long entered = recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));

    assertThatThrownBy(() -> jdbc.update("update optout.ledger_entry set received_on = date '2025-01-09' where id = ?", entered))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.update("delete from optout.ledger_entry where id = ?", entered))
        .hasMessageContaining("append-only");
    assertThat(repository.find(entered)).get().extracting(LedgerEntry::receivedOn).isEqualTo(LocalDate.of(2024, 12, 9));
  }
}
