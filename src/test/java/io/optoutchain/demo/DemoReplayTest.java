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
@SpringBootTest(properties = "optout.demo.replay=true")
@ActiveProfiles({"demo", "test"})
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

  @Test
  void decemberIncidentIsEscalatedAndEveryOtherMonthReconciled() {
    Map<String, Object> counts = jdbc.queryForMap("""
        select count(*) as total,
               count(*) filter (where status = 'RECONCILED') as reconciled,
               count(*) filter (where status = 'ESCALATED' and hospital_id = 'hospital-a' and period = '2024-12') as incident
          from optout.period_status where period < '2025-07'
        """);
    assertThat(counts).containsEntry("total", 21L).containsEntry("reconciled", 20L).containsEntry("incident", 1L);
    assertThat(jdbc.queryForList("select escalated_to from optout.escalation order by id", String.class))
        .containsExactly("nttdata-supervisors", "jmimo-compliance");

    assertThat(tasksOf("jmimo-operator", "jmimo-operators")).extracting(Task::getTaskDefinitionKey)
        .containsExactly("Task_ReconcileDiscrepancy");
    assertThat(tasksOf("nttdata-operator", "nttdata-operators")).extracting(Task::getTaskDefinitionKey)
        .containsExactly("Task_ReconcileDiscrepancy");
    assertThat(tasksOf("hospital-b-operator", "hospital-b-operators")).extracting(Task::getTaskDefinitionKey)
        .containsExactly("Task_DeclareCount");
    assertThat(PeriodStatus.valueOf(jdbc.queryForObject(
        "select status from optout.period_status where hospital_id = 'hospital-a' and period = '2025-01'", String.class)))
        .isEqualTo(PeriodStatus.RECONCILED);
  }

  /** The README's walk of July, in the demo's state, with the figures the browser computes from the files. */
  @Test
  void julyIsLeftOpenForEveryHospitalAndWalkedWithTheKeyFileItReconcilesAsTheReadmeSays() throws IOException {
    assertThat(jdbc.queryForList("select hospital_id || ' ' || status from optout.period_status where period = '2025-07'"
        + " order by hospital_id", String.class))
        .containsExactly("hospital-a OPEN", "hospital-b OPEN", "hospital-c OPEN");
    assertThat(tasksOf("hospital-a-operator", "hospital-a-operators")).singleElement()
        .satisfies(task -> assertThat(task.getName()).contains("Declare the hospital's count", "hospital-a", "2025-07"));

    // The hospital's file holds exactly the ledger's July keys for hospital-a; it declares from it.
    List<PatientKey> own = Files.readAllLines(Path.of(DemoReplay.WALK_KEY_FILE)).stream().map(PatientKey::new).toList();
    assertThat(own).extracting(PatientKey::value).containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
        "select patient_key from optout.ledger_entry where hospital_id = 'hospital-a'"
        + " and received_on between '2025-07-01' and '2025-07-31'", String.class)).hasSize(1);
    PeriodRef july = reports.refOf("hospital-a", ReportingPeriod.parse("2025-07"), "jmimo");
    complete("hospital-a-operator", july, ProcessKeys.TASK_DECLARE_COUNT, Map.of(DECLARED_COUNT, 1,
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
        + " and period = '2025-07'", String.class)).isEqualTo("REPORTED");
    List<PatientKey> excluded = Files.readAllLines(Path.of(DemoReplay.WALK_EXCLUSION_FILE)).stream()
        .map(PatientKey::new).toList();
    assertThat(excluded).extracting(PatientKey::value).containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
        "select patient_key from optout.ledger_entry where hospital_id = 'hospital-a'"
        + " and received_on <= '2025-07-31'", String.class)).hasSize(4);
    complete("jmimo-operator", july, ProcessKeys.TASK_CONFIRM_APPLIED, Map.of(APPLIED_COUNT, 4,
        APPLIED_DIGEST_PREFIX, AppliedConfirmation.digestPrefixOf(july.period(), excluded)));

    assertThat(jdbc.queryForObject("select status from optout.period_status where hospital_id = 'hospital-a'"
        + " and period = '2025-07'", String.class)).isEqualTo("RECONCILED");
  }

  private void complete(String user, PeriodRef ref, String taskKey, Map<String, Object> fields) {
    asUser.run(user, () -> tasks.complete(ref, taskKey, fields));
  }
}
