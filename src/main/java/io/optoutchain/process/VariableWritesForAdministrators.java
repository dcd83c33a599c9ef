package io.optoutchain.process;

import io.optoutchain.party.PartyGroups;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRemoveVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetVariableCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * Setting or removing variables of a task, an execution or an instance is the administrator's
 * operation only, over every channel (engine REST, the webapps, our own API). The product's own steps
 * run inside an engine command, or without a user, and are not concerned.
 */
final class VariableWritesForAdministrators extends CommandInterceptor {

  private final ProcessEngineConfigurationImpl engine;

  VariableWritesForAdministrators(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  @Override
  public <T> T execute(Command<T> command) {
    if (Context.getCommandContext() == null && writesVariables(command)) {
      Authentication caller = engine.getIdentityService().getCurrentAuthentication();
      if (caller != null && (caller.getGroupIds() == null || !caller.getGroupIds().contains(PartyGroups.ADMINISTRATORS))) {
        throw new AuthorizationException("only an administrator sets or removes process variables; "
            + caller.getUserId() + " enters figures through the fields of its task's form");
      }
    }
    return next.execute(command);
  }

  private static boolean writesVariables(Command<?> command) {
    return command instanceof AbstractSetVariableCmd || command instanceof AbstractPatchVariablesCmd
        || command instanceof AbstractRemoveVariableCmd;
  }
}
