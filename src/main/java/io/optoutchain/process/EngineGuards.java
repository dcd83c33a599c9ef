package io.optoutchain.process;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What the engine lets a user do, whatever the channel: a task takes only its form's fields;
 * variables are written by the product or an administrator; a candidate may claim and complete a
 * task (TASK_WORK) but not reassign it, rewrite it or remove its candidates (UPDATE).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class EngineGuards implements ProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    TaskFormInput input = new TaskFormInput(configuration);
    configuration.setTaskService(new GuardedTaskService(input));
    configuration.setFormService(new GuardedFormService(input));
    configuration.setCustomPreCommandInterceptorsTxRequired(
        with(configuration.getCustomPreCommandInterceptorsTxRequired(), new VariableWritesForAdministrators(configuration)));
    configuration.setCustomPreCommandInterceptorsTxRequiresNew(
        with(configuration.getCustomPreCommandInterceptorsTxRequiresNew(), new VariableWritesForAdministrators(configuration)));
    configuration.setDefaultUserPermissionNameForTask(Permissions.TASK_WORK.getName());
    // No query may carry an expression, stored or not; see web/QueryExpressionGuard for the 400.
    configuration.setEnableExpressionsInAdhocQueries(false);
  }

  private static List<CommandInterceptor> with(List<CommandInterceptor> existing, CommandInterceptor added) {
    List<CommandInterceptor> interceptors = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    interceptors.add(added);
    return interceptors;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {}

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {}
}
