package io.optoutchain.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.reporting.PeriodStatus;
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

/** The demo a newcomer starts with: seven months replayed, the incident escalated and waiting. */
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
        select count(*) as total,
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
    assertThat(tasksOf("hospital-b-operator", "hospital-b-operators")).isEmpty();
    assertThat(PeriodStatus.valueOf(jdbc.queryForObject(
        "select status from optout.period_status where hospital_id = 'hospital-a' and period = '2025-01'", String.class)))
        .isEqualTo(PeriodStatus.RECONCILED);
  }
}
