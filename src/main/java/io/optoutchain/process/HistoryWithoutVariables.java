package io.optoutchain.process;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.jobexecutor.historycleanup.HistoryCleanupJobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Camunda's FULL history without the parts the product never reads and that cost most per call:
 * variable history (ACT_HI_VARINST, and ACT_HI_DETAIL for every variable write and submitted form field)
 * and the job log of jobs that ran as planned. Process variables are a cache for the diagram, never
 * evidence: what a party declared or acknowledged is in our own tables and the audit trail. Everything the
 * history pages and Cockpit read stays: instances, activities, tasks, the user operation log, the identity
 * link log, incidents, and the job log of a failing job. Leaving the rest out took an acknowledgement from
 * 136 SQL statements to 121 and a hospital-month from 839 to 676 (bench/).
 *
 * <p>The level has its own id, which the engine keeps in ACT_GE_PROPERTY and compares at start-up. A
 * database written at FULL is moved to it once, before that comparison, so an upgrade starts by itself; a node
 * of an earlier release then refuses to start on it (README "History and retention" has the way back).
 */
@Component
public class HistoryWithoutVariables extends AbstractProcessEnginePlugin {

  public static final String NAME = "full-without-variables";
  public static final int ID = 31;
  private static final Logger log = LoggerFactory.getLogger(HistoryWithoutVariables.class);

  static final Set<HistoryEventTypes> LEFT_OUT = EnumSet.of(
      HistoryEventTypes.VARIABLE_INSTANCE_CREATE, HistoryEventTypes.VARIABLE_INSTANCE_UPDATE,
      HistoryEventTypes.VARIABLE_INSTANCE_MIGRATE, HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL,
      HistoryEventTypes.VARIABLE_INSTANCE_DELETE, HistoryEventTypes.FORM_PROPERTY_UPDATE,
      HistoryEventTypes.JOB_CREATE, HistoryEventTypes.JOB_SUCCESS, HistoryEventTypes.JOB_DELETE);

  /**
   * The level itself: every history event but those left out, except the history cleanup job's own log,
   * which shows an operator that the nightly cleanup ran (kept {@code historyCleanupJobLogTimeToLive}).
   */
  static final class Level extends AbstractHistoryLevel {
    @Override
    public int getId() {
      return ID;
    }

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
      return !LEFT_OUT.contains(eventType) || entity instanceof JobEntity job
          && HistoryCleanupJobHandler.TYPE.equals(job.getJobHandlerType());
    }
  }

  private final DataSource dataSource;

  public HistoryWithoutVariables(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<HistoryLevel> levels = new ArrayList<>();
    if (configuration.getCustomHistoryLevels() != null) {
      levels.addAll(configuration.getCustomHistoryLevels());
    }
    levels.add(new Level());
    configuration.setCustomHistoryLevels(levels);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    if (!NAME.equals(configuration.getHistoryLevel().getName())) {
      return;
    }
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    String properties = EngineTables.named(configuration, "act_ge_property");
    if (jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, properties)) {
      int moved = jdbc.update("update " + properties + " set value_ = ? where name_ = 'historyLevel' and value_ = ?",
          Integer.toString(ID), Integer.toString(HistoryLevel.HISTORY_LEVEL_FULL.getId()));
      if (moved == 1) {
        log.info("history level of this database moved from full to {}: no more variable history or job log of"
            + " successful jobs is written; what was written stays until its removal time", NAME);
      }
    }
  }
}
