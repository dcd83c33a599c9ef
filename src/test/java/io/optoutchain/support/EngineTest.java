package io.optoutchain.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import io.optoutchain.notification.MailOutbox;
import io.optoutchain.web.LoginBackOff;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on real PostgreSQL (embedded unless SPRING_DATASOURCE_URL names a
 * throwaway database), one context shared by every test. Each test starts from empty tables at a
 * fixed engine time; timers fire only when a test moves the clock and runs the due jobs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
public abstract class EngineTest {

  /** A real SMTP server for the whole test run: escalations are mailed to it by {@link MailOutbox#sendDue}. */
  protected static final GreenMail SMTP = startSmtp();

  private static GreenMail startSmtp() {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
    return smtp;
  }

  /** Any free port, so that two test runs on one machine do not collide. */
  @DynamicPropertySource
  static void smtpPort(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
  }

  /** 2025-01-06 09:00 in Tokyo: December 2024 has closed, January 2025 has not. */
  protected static final Instant START = Instant.parse("2025-01-06T00:00:00Z");

  @Autowired protected ProcessEngine processEngine;
  @Autowired protected RuntimeService runtimeService;
  @Autowired protected ManagementService managementService;
  @Autowired protected HistoryService historyService;
  @Autowired protected IdentityService identityService;
  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected LoginBackOff loginBackOff;
  /** Escalation mail waits here until a test sends it: the sender's schedule is off in tests. */
  @Autowired protected MailOutbox mailOutbox;

  @BeforeEach
  void startFromNothing() throws Exception {
    AbstractAssertions.init(processEngine);
    identityService.clearAuthentication();
    var running = runtimeService.createProcessInstanceQuery().list().stream().map(p -> p.getId()).toList();
    if (!running.isEmpty()) {
      runtimeService.deleteProcessInstances(running, "test clean-up", true, true);
    }
    jdbc.execute("truncate optout.recall_step, optout.recall_target, optout.recall, optout.release_key, optout.data_release, optout.ledger_entry, optout.period_status, optout.count_declaration, optout.monthly_report,"
        + " optout.report_key, optout.hop_acknowledgement, optout.discrepancy, optout.escalation, optout.applied_confirmation,"
        + " optout.client_request, optout.mail_outbox, optout.period_start restart identity cascade");
    ClockUtil.setCurrentTime(Date.from(START));
    // The clock stands still between tests, so earlier tests' failed logins would still count.
    loginBackOff.forgetAll();
    SMTP.purgeEmailFromAllMailboxes();
  }

  @AfterEach
  void resetClockAndUser() {
    ClockUtil.reset();
    identityService.clearAuthentication();
  }

  /**
   * Deletes the history of every finished instance. Engine history outlives each test's clean-up, and
   * earlier tests' months (same business key, same engine time) would crowd a history page.
   */
  protected void forgetFinishedInstances() {
    var finished = historyService.createHistoricProcessInstanceQuery().finished().list().stream()
        .map(instance -> instance.getId()).toList();
    if (!finished.isEmpty()) {
      historyService.deleteHistoricProcessInstancesIfExists(finished);
    }
  }

  /** When the timer of a boundary event is due. */
  protected Instant timerDue(String processInstanceId, String timerId) {
    return managementService.createJobQuery().processInstanceId(processInstanceId).activityId(timerId).singleResult()
        .getDuedate().toInstant();
  }

  /** Moves the engine clock and runs every job that has fallen due, as the job executor would. */
  protected void moveClockTo(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
    runDueJobs();
  }

  /**
   * Runs every job due at the engine clock, and those these jobs leave due, as the job executor would
   * (it is off in tests): a timer fallen due, or the check that follows a task completed in Tasklist, over
   * {@code /engine-rest} or through the engine. (Our API runs its checks itself.)
   */
  protected void runDueJobs() {
    for (int round = 0; round < 20; round++) {
      List<Job> due = managementService.createJobQuery().executable().orderByJobDuedate().asc().list();
      if (due.isEmpty()) {
        return;
      }
      for (Job job : due) {
        managementService.executeJob(job.getId());
      }
    }
    throw new IllegalStateException("jobs still due after 20 rounds: a job that keeps leaving another");
  }
}
