package io.optoutchain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.support.ReportingTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/** With authorizations on, each party sees and works only its own tasks; regulators only read. */
class AccessTest extends ReportingTest {

  @Autowired TaskService taskService;
  @Autowired FilterService filterService;

  private List<String> visibleTaskKeys(String user) {
    return as(user, () -> taskService.createTaskQuery().list().stream().map(Task::getTaskDefinitionKey).toList());
  }

  private void aMonthWaitingForLdi() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
  }

  @Test
  void eachPartySeesOnlyTheTasksItIsACandidateOf() {
    aMonthWaitingForLdi();
    starter.start("hospital-b", ReportingPeriod.parse("2024-12"));

    assertThat(visibleTaskKeys(LDI_OPERATOR)).containsExactly("Task_AcknowledgeHop");
    assertThat(visibleTaskKeys(JMIMO_OPERATOR)).isEmpty();
    assertThat(visibleTaskKeys(HOSPITAL_OPERATOR)).isEmpty();
    assertThat(visibleTaskKeys("hospital-b-operator")).containsExactly("Task_DeclareCount");
    assertThat(as(LDI_OPERATOR, () -> runtimeService.createProcessInstanceQuery().count())).isZero();
  }

  @Test
  void anotherPartyCannotCompleteTheTaskEvenKnowingItsId() {
    aMonthWaitingForLdi();
    Task ldiTask = taskService.createTaskQuery().singleResult();

    assertThatThrownBy(() -> as(JMIMO_OPERATOR, () -> taskService.complete(ldiTask.getId(),
        Map.of("acknowledgedCount", 1, "digestPrefix", "00000000")))).isInstanceOf(AuthorizationException.class);
    assertThat(taskService.createTaskQuery().taskId(ldiTask.getId()).count()).isEqualTo(1);
  }

  @Test
  void regulatorReadsTheHistoryAndChangesNothing() {
    aMonthWaitingForLdi();
    Task ldiTask = taskService.createTaskQuery().singleResult();

    String instance = ldiTask.getProcessInstanceId();
    assertThat(as("regulator", () -> historyService.createHistoricProcessInstanceQuery().processInstanceId(instance)
        .count())).isEqualTo(1);
    assertThat(as("regulator", () -> historyService.createHistoricActivityInstanceQuery().processInstanceId(instance)
        .activityId("Task_CheckReport").count())).isEqualTo(1);
    assertThat(as(LDI_OPERATOR, () -> historyService.createHistoricProcessInstanceQuery().processInstanceId(instance)
        .count())).isZero();
    assertThatThrownBy(() -> as("regulator", () -> taskService.complete(ldiTask.getId())))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> as("regulator",
        () -> runtimeService.deleteProcessInstance(ldiTask.getProcessInstanceId(), "regulator tries")))
        .isInstanceOf(AuthorizationException.class);
  }

  @Test
  void tasklistFiltersShowMyPartysTasksOverdueAndEscalated() {
    aMonthWaitingForLdi();
    List<Filter> filters = as(LDI_OPERATOR, () -> filterService.createFilterQuery().list());
    assertThat(filters).extracting(Filter::getName)
        .containsExactlyInAnyOrder("担当タスク / My party's tasks", "期限超過 / Overdue", "上申済み / Escalated");
    String mine = filterId(filters, "My party");
    String overdue = filterId(filters, "Overdue");
    String escalated = filterId(filters, "Escalated");

    assertThat(as(LDI_OPERATOR, () -> filterService.count(mine))).isEqualTo(1);
    assertThat(as(JMIMO_OPERATOR, () -> filterService.count(mine))).isZero();
    assertThat(as(LDI_OPERATOR, () -> filterService.count(overdue))).isZero();
    assertThat(as(LDI_OPERATOR, () -> filterService.count(escalated))).isZero();

    Instant due = taskService.createTaskQuery().singleResult().getDueDate().toInstant();
    moveClockTo(due.plusSeconds(1));

    assertThat(as(LDI_OPERATOR, () -> filterService.count(overdue))).isEqualTo(1);
    assertThat(as(LDI_OPERATOR, () -> filterService.count(escalated))).isEqualTo(1);
    assertThat(as("ldi-supervisor", () -> filterService.count(escalated))).isEqualTo(1);
    assertThat(as(JMIMO_OPERATOR, () -> filterService.count(escalated))).isZero();
  }

  @Test
  void checksUseTheCallersGroupsWithoutReadingEveryGroupThatHasAnAuthorization() {
    aMonthWaitingForLdi();
    List<String> statements = new CopyOnWriteArrayList<>();
    MappedStatements.recordInto((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration(),
        statements);
    try {
      assertThat(visibleTaskKeys(JMIMO_OPERATOR)).isEmpty();
      acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    } finally {
      MappedStatements.stopRecording();
    }

    // Camunda's own manager reads every group id with an authorization (540,000 nationally) in each such command.
    assertThat(statements).contains("selectTaskByQueryCriteria").doesNotContain("selectAuthorizedGroupIds");
    assertThat(visibleTaskKeys(LDI_OPERATOR)).doesNotContain("Task_AcknowledgeHop");
  }

  /** Records the name of every MyBatis statement the engine runs while recording is on. */
  @Intercepts({
      @Signature(type = Executor.class, method = "query",
          args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}),
      @Signature(type = Executor.class, method = "update", args = {MappedStatement.class, Object.class})})
  static final class MappedStatements implements Interceptor {

    private static final MappedStatements INSTANCE = new MappedStatements();
    private static volatile List<String> recording;
    private static boolean installed;

    static synchronized void recordInto(ProcessEngineConfigurationImpl configuration, List<String> into) {
      if (!installed) {
        configuration.getSqlSessionFactory().getConfiguration().addInterceptor(INSTANCE);
        installed = true;
      }
      recording = into;
    }

    static void stopRecording() {
      recording = null;
    }

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
      List<String> into = recording;
      if (into != null) {
        String id = ((MappedStatement) invocation.getArgs()[0]).getId();
        into.add(id.substring(id.lastIndexOf('.') + 1));
      }
      return invocation.proceed();
    }
  }

  private static String filterId(List<Filter> filters, String name) {
    return filters.stream().filter(f -> f.getName().contains(name)).findFirst().orElseThrow().getId();
  }

  @Test
  void administratorExistsFromTheFirstStartSoTheSetupPageIsClosed() {
    assertThat(identityService.createUserQuery().memberOfGroup("camunda-admin").count()).isPositive();

    var setup = rest.postForEntity("/camunda/api/admin/setup/default/user/create",
        Map.of("profile", Map.of("id", "intruder", "firstName", "x", "lastName", "y", "email", "x@example.org"),
            "credentials", Map.of("password", "intruder-password")), String.class);

    assertThat(setup.getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.UNAUTHORIZED);
    assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
  }
}
