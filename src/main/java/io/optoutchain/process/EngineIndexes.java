package io.optoutchain.process;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Indexes for lookups the engine makes on every call that its own schema leaves unindexed, so no
 * call slows down as open reports accumulate. Completing a task looks up its subtasks by parent
 * task: a scan of every open task, measured 0.22 ms with 2,000 open reports and 2.38 ms with 9,500.
 * Created once the engine has made its tables; nodes starting together queue on a lock.
 */
@Component
public class EngineIndexes implements ProcessEnginePlugin {

  static final List<String> INDEXES = List.of(
      "create index if not exists optout_idx_task_parent on %s (parent_task_id_)");
  private static final long CREATION_LOCK = 0x656e67696e65L;

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    var dataSource = processEngine.getProcessEngineConfiguration().getDataSource();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
      jdbc.queryForList("select pg_advisory_xact_lock(?)", CREATION_LOCK);
      INDEXES.forEach(index -> jdbc.execute(index.formatted(EngineTables.named(processEngine, "act_ru_task"))));
    });
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {}

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {}
}
