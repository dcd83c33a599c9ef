package io.optoutchain.process;

import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The checks that follow a completed task, run in the completing request once the completion has
 * committed, so that the request answers where the process now waits. A check is an async continuation
 * ({@code camunda:asyncBefore}): the operator's completion commits whatever the check does, and a check
 * that fails is left to the engine's retries and, in the end, to an incident an administrator retries
 * in Cockpit. Every channel's completion runs them so ({@link ChecksAfterEveryCompletion}); the job executor
 * runs what is left (a check a node did not get to, retries, timers).
 */
@Component
public class PendingChecks {

  /** Each check leads to a task or to the next check; a few are the most one completion starts. */
  static final int MOST_IN_A_ROW = 5;

  private static final Logger log = LoggerFactory.getLogger(PendingChecks.class);

  private final ManagementService managementService;
  private final EngineAsSystem asSystem;
  private final TransactionTemplate outsideTheFinishedTransaction;

  public PendingChecks(ManagementService managementService, EngineAsSystem asSystem,
      PlatformTransactionManager transactions) {
    this.managementService = managementService;
    this.asSystem = asSystem;
    this.outsideTheFinishedTransaction = new TransactionTemplate(transactions);
    // The committed transaction's connection is still bound while it completes: set it aside, so that
    // each job runs in a transaction of its own, as on the job executor.
    outsideTheFinishedTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
  }

  /**
   * Runs the instance's pending checks once the current transaction has committed (at once if there is none;
   * never inside an engine command that has not committed: its jobs are left to the job executor then).
   */
  public void runAfterCommit(String processInstanceId) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      if (Context.getCommandContext() == null) {
        run(processInstanceId);
      }
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        if (status == STATUS_COMMITTED) {
          outsideTheFinishedTransaction.executeWithoutResult(done -> run(processInstanceId));
        }
      }
    });
  }

  /**
   * Runs the instance's executable jobs that are not timers, one after the other, until none is left
   * (at most {@link #MOST_IN_A_ROW}). A job that fails stays with the engine's retries; one that the job
   * executor ran first is no error; a suspended one (an administrator halted its check in Cockpit) waits.
   */
  public void run(String processInstanceId) {
    asSystem.run(() -> {
      for (int i = 0; i < MOST_IN_A_ROW; i++) {
        List<Job> pending = managementService.createJobQuery().processInstanceId(processInstanceId)
            .messages().active().executable().listPage(0, 1);
        if (pending.isEmpty()) {
          break;
        }
        Job job = pending.get(0);
        try {
          managementService.executeJob(job.getId());
        } catch (OptimisticLockingException e) {
          log.debug("Job {} of process instance {} was run by the job executor first", job.getId(), processInstanceId);
        } catch (RuntimeException e) {
          log.warn("Check {} of process instance {} failed; the engine retries it, then raises an incident: {}",
              job.getId(), processInstanceId, e.toString());
          break;
        }
      }
      return null;
    });
  }
}
