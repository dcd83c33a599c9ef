package io.optoutchain.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.process.HistoryWithoutVariables;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine's history as configured: everything the history pages read, nothing of the variables (a cache
 * for the diagram, never evidence) nor of jobs that ran as planned; and a database written at FULL moved to
 * this level before the engine compares them.
 */
class HistoryLevelTest extends ReportingTest {

  @Autowired HistoryWithoutVariables historyWithoutVariables;

  @Test
  void aReconciledMonthKeepsWhatTheHistoryPagesReadAndNoVariableOrJobHistory() {
    // Given a month whose instance holds its variables ...
    recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));
    String report = start("2024-12").getId();
    assertThat(runtimeService.getVariables(report)).isNotEmpty();
    // ... run through the whole chain, its checks run as jobs.
    reconcileAsTheLedgerHasIt("2024-12");

    // Then its steps, tasks, who did what and who could are in the history ...
    assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(report).finished().count())
        .isOne();
    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(report)
        .activityId("Task_CheckReport").count()).isOne();
    assertThat(historyService.createUserOperationLogQuery().processInstanceId(report)
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list())
        .extracting(UserOperationLogEntry::getUserId)
        .contains(HOSPITAL_OPERATOR, KEEPER_OPERATOR, LDI_OPERATOR, JMIMO_OPERATOR);
    String declareTask = historyService.createHistoricTaskInstanceQuery().processInstanceId(report)
        .taskDefinitionKey("Task_DeclareCount").singleResult().getId();
    assertThat(historyService.createHistoricIdentityLinkLogQuery().taskId(declareTask).count()).isPositive();
    // ... and nothing of its variables, its submitted form fields or its jobs that succeeded.
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(report).count()).isZero();
    assertThat(historyService.createHistoricDetailQuery().processInstanceId(report).count()).isZero();
    assertThat(historyService.createHistoricJobLogQuery().processInstanceId(report).count()).isZero();
  }

  @Test
  void aDatabaseWrittenAtFullIsMovedToThisLevelOnceBeforeTheEngineComparesThem() {
    var configuration = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    assertThat(configuration.getHistoryLevel().getName()).isEqualTo(HistoryWithoutVariables.NAME);
    assertThat(historyLevelOfTheDatabase()).isEqualTo(HistoryWithoutVariables.ID);

    // Given a database an earlier release wrote at FULL.
    jdbc.update("update act_ge_property set value_ = '3' where name_ = 'historyLevel'");

    // When a node starts: the plugin's step after the engine's configuration, before its schema check; twice.
    historyWithoutVariables.postInit(configuration);
    historyWithoutVariables.postInit(configuration);

    // Then the database says this level.
    assertThat(historyLevelOfTheDatabase()).isEqualTo(HistoryWithoutVariables.ID);
  }

  private int historyLevelOfTheDatabase() {
    return Integer.parseInt(jdbc.queryForObject("select value_ from act_ge_property where name_ = 'historyLevel'",
        String.class));
  }
}
