package io.optoutchain.demo;

import static io.optoutchain.reporting.process.ReportVariables.ACKNOWLEDGED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.NIL_ATTESTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.digest.Sha256;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.process.EngineAsUser;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.AppliedConfirmation;
import io.optoutchain.reporting.Declaration;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.process.MonthlyReportTasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo a newcomer starts with: seven months replayed, the incident escalated and waiting, and
 * July open for a person to walk in Tasklist.
 */
// The demo's own chains (the test profile's replace them): without the test profile, its settings here.
@SpringBootTest(properties = {"optout.demo.replay=true", "camunda.bpm.job-execution.enabled=false",
    "camunda.bpm.metrics.enabled=false", "optout.reporting.close-cron=-", "optout.audit.sealing=false",
    "spring.mail.port=3025"})
@ActiveProfiles("demo")
@Tag("own-jvm")
class DemoReplayTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired TaskService taskService;
  @Autowired IdentityService identityService;
  @Autowired MonthlyReportService reports;
  @Autowired MonthlyReportTasks tasks;
  @Autowired EngineAsUser asUser;

  private List<Task> tasksOf(String user, String... groups) {
    identityService.setAuthentication(user, List.of(groups));
    try {
      return taskService.createTaskQuery().list();
    } finally {
      identityService.clearAuthentication();
    }
  }

  /**
   * The seed's story on both chains: December's request travels hospital → LDI → NTT Data before it
   * reaches the ledger; December's report to J-MIMO files it as "0 persons", is caught and escalated,
   * while LDI's own chain reconciles; J-MIMO's release is held at its gate.
   */
  @Test
  void decemberIncidentIsEscalatedOnJmimosChainWhileLdisReconcilesAndEveryOtherMonthReconciled() {
    Map<String, Object> counts = jdbc.queryForMap("""
        select count(*) as total,
               count(*) filter (where status = 'RECONCILED') as reconciled,
               count(*) filter (where status = 'ESCALATED' and hospital_id = 'hospital-a' and period = '2024-12'
                                  and final_recipient = 'jmimo') as incident
          from optout.period_status where period < '2025-07'
        """);
    // Three hospitals, two producers each, seven months.
    assertThat(counts).containsEntry("total", 42L).containsEntry("reconciled", 41L).containsEntry("incident", 1L);
    assertThat(jdbc.queryForObject("select status from optout.period_status where hospital_id = 'hospital-a'"
        + " and period = '2024-12' and final_recipient = 'ldi'", String.class)).isEqualTo("RECONCILED");

    // The December request went through LDI and NTT Data, blind, before the ledger held it, dated the 9th.
    assertThat(jdbc.queryForList("""
        select c.party_id || ' ' || c.key_agrees || ' ' || c.date_agrees
          from optout.intake_request r join optout.intake_confirmation c on c.intake_id = r.id
         where r.hospital_id = 'hospital-a' and r.received_on = '2024-12-09' and r.state = 'RECORDED'
         order by c.position""", String.class)).containsExactly("ldi true true", "nttdata true true");
    assertThat(jdbc.queryForObject("select count(*) from optout.ledger_entry where hospital_id = 'hospital-a'"
        + " and received_on = '2024-12-09'", Long.class)).isEqualTo(1L);

    // J-MIMO's release with June's cut-off is held at its gate by that December; no data left.
    assertThat(jdbc.queryForList("select producer || ' ' || status from optout.data_release", String.class))
        .containsExactly("jmimo BLOCKED_BY_GATE");
    assertThat(jdbc.queryForList("select escalated_to from optout.escalation order by id", String.class))
        .containsExactly("nttdata-supervisors", "jmimo-compliance");

    assertThat(tasksOf("jmimo-operator", "jmimo-operators")).extracting(Task::getTaskDefinitionKey)
        .containsExactly("Task_ReconcileDiscrepancy");
    // (July's tasks come and go with the walk, tested below.)
    assertThat(tasksOf("nttdata-operator", "nttdata-operators")).filteredOn(task -> !task.getName().contains("2025-07"))
        .extracting(Task::getName).singleElement().asString()
        .startsWith("不一致を解消").endsWith("2024-12 → J-MIMO");
    assertThat(tasksOf("hospital-b-operator", "hospital-b-operators")).extracting(Task::getTaskDefinitionKey)
        .containsExactly("Task_DeclareCount");
    assertThat(jdbc.queryForList(
        "select status from optout.period_status where hospital_id = 'hospital-a' and period = '2025-01'", String.class))
        .extracting(PeriodStatus::valueOf).containsExactly(PeriodStatus.RECONCILED, PeriodStatus.RECONCILED);
  }

  /** The README's walk of July, in the demo's state, with the figures the browser computes from the files. */
  @Test
  void julyIsLeftOpenForEveryHospitalAndWalkedWithTheKeyFileItReconcilesAsTheReadmeSays() throws IOException {
    assertThat(jdbc.queryForList("select hospital_id || ' ' || final_recipient || ' ' || status"
        + " from optout.period_status where period = '2025-07' order by hospital_id, final_recipient", String.class))
        .containsExactly("hospital-a jmimo OPEN", "hospital-a ldi OPEN", "hospital-b jmimo OPEN", "hospital-b ldi OPEN",
            "hospital-c jmimo OPEN", "hospital-c ldi OPEN");
    assertThat(tasksOf("hospital-a-operator", "hospital-a-operators")).singleElement()
        .satisfies(task -> assertThat(task.getName()).contains("Declare the hospital's count", "hospital-a", "2025-07"));

    // The hospital's file holds exactly the ledger's July keys for hospital-a; it declares from it.
    List<PatientKey> own = Files.readAllLines(Path.of(DemoReplay.WALK_KEY_FILE)).stream().map(PatientKey::new).toList();
    assertThat(own).extracting(PatientKey::value).containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
        "select patient_key from optout.ledger_entry where hospital_id = 'hospital-a'"
        + " and received_on between '2025-07-01' and '2025-07-31'", String.class)).hasSize(1);
    PeriodRef july = reports.refOf("hospital-a", ReportingPeriod.parse("2025-07"), "jmimo");
    // The hospital declares once, in the month's first report (LDI's); J-MIMO's report compares it too.
    complete("hospital-a-operator", reports.declaringRefOf("hospital-a", july.period()), ProcessKeys.TASK_DECLARE_COUNT,
        Map.of(DECLARED_COUNT, 1,
        NIL_ATTESTED, false, DECLARED_DIGEST_PREFIX, Declaration.digestPrefixOf(july.period(), own)));

    // The file NTT Data downloads carries the month's key only (nothing late, nothing withdrawn): one patient.
    String handedOn = reports.manifestOf(july, reports.reportToHandOn(july)).canonicalText();
    assertThat(handedOn).isEqualTo("optout-report/v1 2025-07\n" + own.get(0).value() + "\n");
    complete("nttdata-operator", july, ProcessKeys.TASK_REVIEW_AND_SEND_REPORT, Map.of());
    String prefix = Sha256.hex(handedOn).substring(0, 8);
    complete("ldi-operator", july, ProcessKeys.TASK_ACKNOWLEDGE_HOP, Map.of(ACKNOWLEDGED_COUNT, 1, DIGEST_PREFIX, prefix));
    complete("jmimo-operator", july, ProcessKeys.TASK_ACKNOWLEDGE_HOP, Map.of(ACKNOWLEDGED_COUNT, 1, DIGEST_PREFIX, prefix));
    // Receipt is not enough: J-MIMO confirms from its own exclusion list of hospital-a through July.
    assertThat(jdbc.queryForObject("select status from optout.period_status where hospital_id = 'hospital-a'"
        + " and period = '2025-07' and final_recipient = 'jmimo'", String.class)).isEqualTo("REPORTED");
    List<PatientKey> excluded = Files.readAllLines(Path.of(DemoReplay.WALK_EXCLUSION_FILE)).stream()
        .map(PatientKey::new).toList();
    assertThat(excluded).extracting(PatientKey::value).containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
        "select patient_key from optout.ledger_entry where hospital_id = 'hospital-a'"
        + " and received_on <= '2025-07-31'", String.class)).hasSize(4);
    complete("jmimo-operator", july, ProcessKeys.TASK_CONFIRM_APPLIED, Map.of(APPLIED_COUNT, 4,
        APPLIED_DIGEST_PREFIX, AppliedConfirmation.digestPrefixOf(july.period(), excluded)));

    assertThat(jdbc.queryForObject("select status from optout.period_status where hospital_id = 'hospital-a'"
        + " and period = '2025-07' and final_recipient = 'jmimo'", String.class)).isEqualTo("RECONCILED");
  }

  private void complete(String user, PeriodRef ref, String taskKey, Map<String, Object> fields) {
    asUser.run(user, () -> tasks.complete(ref, taskKey, fields));
  }
}
