package io.optoutchain.database;

import io.optoutchain.process.EngineTables;
import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refreshes PostgreSQL's planner statistics ({@code ANALYZE}) right after a bulk write, rather than
 * when autovacuum next gets to it: measured, right after 10,000 reports were started Camunda's task
 * lookup ran 0.8–2 s per call for about 70 s, until autovacuum had analysed its tables. Tables are
 * named as each side keeps them: Camunda's with the engine's table prefix (the datasource's default
 * schema unless one is configured), ours in {@code optout}. A failed refresh is logged, never thrown:
 * the write it follows has succeeded.
 */
@Component
public class PlannerStatistics {

  private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);

  /** A table to analyse: one of the engine's ({@code schema} null: the engine's prefix) or one of ours. */
  public record Table(String schema, String name) {

    static Table engine(String name) {
      return new Table(null, name);
    }

    static Table ours(String name) {
      return new Table("optout", name);
    }
  }

  /** What the per-call lookups of the monthly report hit, after a month's reports start. */
  public static final List<Table> AFTER_REPORTS_START = List.of(Table.engine("ACT_RU_TASK"),
      Table.engine("ACT_RU_EXECUTION"), Table.engine("ACT_RU_VARIABLE"), Table.engine("ACT_RU_IDENTITYLINK"),
      Table.engine("ACT_RU_AUTHORIZATION"), Table.engine("ACT_RU_JOB"), Table.ours("period_status"));

  /** What a party import writes: the parties' groups and grants, and the party tables. */
  public static final List<Table> AFTER_PARTY_IMPORT = List.of(Table.engine("ACT_ID_GROUP"),
      Table.engine("ACT_RU_AUTHORIZATION"), Table.ours("party"), Table.ours("party_role"),
      Table.ours("hospital_chain"));

  private final JdbcTemplate jdbc;
  private final ProcessEngine processEngine;
  private final TransactionTemplate newTransaction;

  public PlannerStatistics(JdbcTemplate jdbc, ProcessEngine processEngine, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.processEngine = processEngine;
    this.newTransaction = new TransactionTemplate(transactions);
    this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Analyses the tables once the current transaction has committed (its rows are then what the
   * planner should count), or at once outside a transaction.
   */
  public void refresh(List<Table> tables) {
    String sql = "analyze " + tables.stream().map(this::qualified).collect(Collectors.joining(", "));
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      quietly(sql, () -> jdbc.execute(sql));
      return;
    }
    TransactionSynchronization afterCommit = new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        // The committed transaction's connection is still bound here: a statement of its own needs a new one.
        quietly(sql, () -> newTransaction.executeWithoutResult(status -> jdbc.execute(sql)));
      }
    };
    TransactionSynchronizationManager.registerSynchronization(afterCommit);
  }

  private static void quietly(String sql, Runnable analyze) {
    long started = System.nanoTime();
    try {
      analyze.run();
      log.info("{}: {} ms", sql, (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      log.warn("{} failed: {}", sql, e.getMessage());
    }
  }

  private String qualified(Table table) {
    return table.schema() == null ? EngineTables.named(processEngine, table.name()) : table.schema() + "." + table.name();
  }
}
