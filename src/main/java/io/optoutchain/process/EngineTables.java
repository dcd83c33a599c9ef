package io.optoutchain.process;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** The engine's tables as our own statements name them: under the prefix (schema) the engine is configured with. */
public final class EngineTables {

  private EngineTables() {}

  /** {@code table} (e.g. {@code act_ru_task}) under the engine's table prefix. */
  public static String named(ProcessEngineConfigurationImpl engine, String table) {
    return (engine.getDatabaseTablePrefix() == null ? "" : engine.getDatabaseTablePrefix()) + table;
  }

  public static String named(ProcessEngine engine, String table) {
    return named((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration(), table);
  }
}
