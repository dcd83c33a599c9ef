package io.optoutchain.process;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Nodes of a cluster start one after the other. From before the engine is built until its start-up seeders
 * have run, a node holds a PostgreSQL advisory lock, so the engine's schema creation, its
 * first administrator, the deployment and every start-up seeder (parties, groups, users, grants,
 * Tasklist filters) run on one node at a time, and the next node finds them done instead of racing
 * to create them twice. The lock belongs to a connection of its own: a node that dies mid-start
 * releases it with its connection. It is released by the last runner but one ({@link AfterSeeding}), so that
 * what runs after the seeders ({@code --verify-audit} over a whole trail) keeps no other node waiting.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ClusterStartLock implements ProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(ClusterStartLock.class);
  private static final long START_LOCK = 0x7374617274L;

  private final DataSource dataSource;
  private Connection holding;

  synchronized boolean holds() {
    return holding != null;
  }

  public ClusterStartLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public synchronized void preInit(ProcessEngineConfigurationImpl configuration) {
    try {
      Connection connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (var statement = connection.createStatement();
          var tried = statement.executeQuery("select pg_try_advisory_lock(" + START_LOCK + ")")) {
        tried.next();
        if (!tried.getBoolean(1)) {
          log.info("Another node is starting on this database; waiting until it is ready");
          statement.execute("select pg_advisory_lock(" + START_LOCK + ")");
        }
      }
      holding = connection;
    } catch (SQLException e) {
      throw new IllegalStateException("could not take the cluster's start lock", e);
    }
  }

  /** Releases the lock once every start-up seeder has run: the application runner just before the last. */
  @Component
  @Order(Ordered.LOWEST_PRECEDENCE - 1)
  static class AfterSeeding implements ApplicationRunner {
    private final ClusterStartLock lock;

    AfterSeeding(ClusterStartLock lock) {
      this.lock = lock;
    }

    @Override
    public void run(ApplicationArguments args) {
      lock.release();
    }
  }

  /** Also at the ready or failed end of a start, whichever comes first: a failed start keeps no lock. */
  @EventListener({ApplicationReadyEvent.class, ApplicationFailedEvent.class})
  public synchronized void release() {
    if (holding == null) {
      return;
    }
    try (Connection connection = holding) {
      try (var statement = connection.createStatement()) {
        statement.execute("select pg_advisory_unlock(" + START_LOCK + ")");
      }
    } catch (SQLException e) {
      log.warn("Could not release the cluster's start lock; it goes with its connection", e);
    } finally {
      holding = null;
    }
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {}

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {}
}
