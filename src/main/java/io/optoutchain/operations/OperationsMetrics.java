package io.optoutchain.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The product's own gauges, which Camunda 7 does not provide, for {@code /actuator/prometheus}:
 * {@code optout_months{status,recipient}}, {@code optout_open_discrepancies}, {@code optout_overdue_tasks},
 * {@code optout_escalations_open{process}}, {@code optout_intake_in_flight{state}}, {@code optout_job_backlog},
 * {@code optout_jobs_failed}, {@code optout_mail_outbox{state}} (escalation mail waiting, sent, or given up), and
 * the audit sealer's lag: {@code optout_audit_unsealed_events} and {@code optout_audit_oldest_unsealed_seconds}.
 *
 * <p>A scrape reads the last figures held in memory and costs no query; they are read again every
 * {@code optout.operations.metrics-refresh} (30 s) by a handful of aggregate queries. A refresh that fails (the
 * database away) keeps the previous figures and logs once per failure.
 */
@Component
public class OperationsMetrics implements MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(OperationsMetrics.class);

  private final OperationsFiguresReader reader;
  private volatile OperationsFigures figures = OperationsFigures.NONE;
  private MultiGauge months;
  private MultiGauge escalations;
  private MultiGauge intake;
  private MultiGauge mailOutbox;

  OperationsMetrics(OperationsFiguresReader reader) {
    this.reader = reader;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    months = MultiGauge.builder("optout.months")
        .description("Months (hospital, period) standing at a status towards a final recipient").register(registry);
    escalations = MultiGauge.builder("optout.escalations.open")
        .description("Escalations not yet handled by the group they reached, per process").register(registry);
    intake = MultiGauge.builder("optout.intake.in.flight")
        .description("Opt-out requests in intake, not yet recorded in the ledger, per state").register(registry);
    mailOutbox = MultiGauge.builder("optout.mail.outbox")
        .description("Escalation mails in the outbox: PENDING (to be sent or retried), SENT, FAILED (given up)")
        .register(registry);
    gauge(registry, "optout.open.discrepancies", "Discrepancies not yet resolved", OperationsFigures::openDiscrepancies);
    gauge(registry, "optout.overdue.tasks", "Open tasks past their due date", OperationsFigures::overdueTasks);
    gauge(registry, "optout.job.backlog", "Engine jobs that could run now (timers due, asynchronous steps)",
        OperationsFigures::jobBacklog);
    gauge(registry, "optout.jobs.failed", "Engine jobs with no retries left (each one an incident in Cockpit)",
        OperationsFigures::failedJobs);
    gauge(registry, "optout.audit.unsealed.events", "Audit events written but not sealed into the hash chain yet",
        OperationsFigures::unsealedAuditEvents);
    gauge(registry, "optout.audit.oldest.unsealed.seconds",
        "Age of the oldest audit event not sealed yet, in seconds (0 when every event is sealed)",
        OperationsFigures::oldestUnsealedAuditEventSeconds);
    publish(figures);
  }

  private void gauge(MeterRegistry registry, String name, String description,
      ToDoubleFunction<OperationsFigures> value) {
    Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.figures)).description(description)
        .register(registry);
  }

  /** Reads the figures again; runs on a schedule, and on demand (tests, after driving a month). */
  @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${optout.operations.metrics-refresh:PT30S}")
  public void refresh() {
    try {
      OperationsFigures read = reader.read();
      figures = read;
      publish(read);
    } catch (RuntimeException e) {
      log.warn("Operations figures not refreshed, the last ones stay: {}", e.toString());
    }
  }

  private void publish(OperationsFigures read) {
    if (months == null) {
      return;
    }
    months.register(read.months().entrySet().stream()
        .map(month -> MultiGauge.Row.of(Tags.of("status", month.getKey().status(), "recipient",
            month.getKey().recipient()), month.getValue()))
        .toList(), true);
    escalations.register(rows("process", read.openEscalations()), true);
    intake.register(rows("state", read.intakeInFlight()), true);
    mailOutbox.register(rows("state", read.mailOutbox()), true);
  }

  private static java.util.List<MultiGauge.Row<?>> rows(String tag, Map<String, Long> counts) {
    return counts.entrySet().stream()
        .<MultiGauge.Row<?>>map(count -> MultiGauge.Row.of(Tags.of(tag, count.getKey()), count.getValue()))
        .toList();
  }
}
