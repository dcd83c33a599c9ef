package io.optoutchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.EngineTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class DeploymentTest extends EngineTest {

  @Autowired RepositoryService repositoryService;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void everyFileInTheBpmnFolderIsDeployedWithAHistoryTimeToLive() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      var names = files.map(p -> "bpmn/" + p.getFileName()).toList();
      assertThat(names).isNotEmpty();
      var deployed = repositoryService.createDeploymentQuery().list().stream()
          .flatMap(d -> repositoryService.getDeploymentResourceNames(d.getId()).stream()).toList();
      assertThat(deployed).containsAll(names);
    }
    assertThat(repositoryService.createProcessDefinitionQuery().latestVersion().list())
        .isNotEmpty()
        .allSatisfy(definition -> assertThat(definition.getHistoryTimeToLive()).isGreaterThanOrEqualTo(1825));
  }

  @Test
  void completingATaskFindsItsSubtasksByIndexNotByScanningEveryOpenTask() {
    String plan = new TransactionTemplate(transactionManager).execute(status -> {
      // Planner statistics of a test database say "few rows"; what is asked here is whether an index serves it.
      jdbc.execute("set local enable_seqscan = off");
      return String.join("\n", jdbc.queryForList(
          "explain select * from act_ru_task where parent_task_id_ = 'a-task'", String.class));
    });

    assertThat(plan).contains("optout_idx_task_parent");
  }
}
