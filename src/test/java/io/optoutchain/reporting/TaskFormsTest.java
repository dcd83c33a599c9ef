package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.ReportingTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TaskFormsTest extends ReportingTest {

  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

  @Autowired RepositoryService repositoryService;
  @Autowired FormService formService;
  @Autowired TaskService taskService;

  private String deployedForm(String taskId) throws IOException {
    try (var form = formService.getDeployedTaskForm(taskId)) {
      return new String(form.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyUserTaskHasADeployedCamundaForm() {
    var definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey("MonthlyOptOutReport")
        .latestVersion().singleResult();
    var userTasks = repositoryService.getBpmnModelInstance(definition.getId()).getModelElementsByType(UserTask.class);

    assertThat(userTasks).isNotEmpty().allSatisfy(task -> {
      assertThat(task.getCamundaFormRef()).as(task.getId()).isNotBlank();
      assertThat(repositoryService.getDeploymentResourceNames(definition.getDeploymentId()))
          .contains("bpmn/" + task.getCamundaFormRef() + ".form");
    });
  }

  @Test
  void acknowledgementFormShowsSenderAndPeriodButNeverTheSendersFigures() throws IOException {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    String taskId = taskService.createTaskQuery().processInstanceId(report.getId()).singleResult().getId();

    String form = deployedForm(taskId);

    assertThat(form).contains("\"id\": \"acknowledge-hop\"").contains("{{hopSender}}").contains("{{period}}").contains("{{dueOn}}");
    assertThat(TEMPLATE_VARIABLE.matcher(form).results().map(m -> m.group(1)).distinct())
        .isSubsetOf(List.of("hopSender", "hospitalId", "period", "dueOn"));
    assertThat(taskService.getVariableLocal(taskId, "dueOn")).isEqualTo("2025-01-09 09:00 (JST)");
    assertThat(form).contains("\"pattern\": \"^[0-9a-f]{8}$\"").contains("\"required\": true");
  }
}
