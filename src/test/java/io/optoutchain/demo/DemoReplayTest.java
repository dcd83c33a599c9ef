package io.optoutchain.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.reporting.PeriodStatus;
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
        select count(*) filter (where period < '2025-07') as total,
               count(*) filter (where status = 'RECONCILED') as reconciled,
               count(*) filter (where status = 'ESCALATED' and hospital_id = 'hospital-a' and period = '2024-12') as incident
          from optout.period_status
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

  @Test
  void julyIsLeftOpenForEveryHospitalAndTheWalkthroughsKeyFileHoldsHospitalAsJulyKeys() throws IOException {
    assertThat(jdbc.queryForList("select hospital_id || ' ' || status from optout.period_status where period = '2025-07'"
        + " order by hospital_id", String.class))
        .containsExactly("hospital-a OPEN", "hospital-b OPEN", "hospital-c OPEN");
    assertThat(tasksOf("hospital-a-operator", "hospital-a-operators")).singleElement()
        .satisfies(task -> assertThat(task.getName()).contains("Declare the hospital's count", "hospital-a", "2025-07"));

    // The walkthrough's declaration: the file holds exactly the ledger's July keys for hospital-a.
    List<String> fileKeys = Files.readAllLines(Path.of(DemoReplay.WALK_KEY_FILE));
    assertThat(fileKeys).containsExactlyInAnyOrderElementsOf(jdbc.queryForList("select patient_key from"
        + " optout.ledger_entry where hospital_id = 'hospital-a' and received_on between '2025-07-01' and '2025-07-31'",
        String.class)).isNotEmpty();
  }
}
