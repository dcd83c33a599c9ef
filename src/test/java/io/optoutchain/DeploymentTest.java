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

class DeploymentTest extends EngineTest {

  @Autowired RepositoryService repositoryService;

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
}
