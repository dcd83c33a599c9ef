package io.optoutchain.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the sealer every {@code optout.audit.seal-every} after the last run ended, where
 * {@code optout.audit.sealing} is on (the tests turn it off and call {@link AuditSealer} themselves).
 */
@Component
@ConditionalOnProperty(name = "optout.audit.sealing", havingValue = "true")
class AuditSealSchedule {

  private static final Logger log = LoggerFactory.getLogger(AuditSealSchedule.class);

  private final AuditSealer sealer;

  AuditSealSchedule(AuditSealer sealer) {
    this.sealer = sealer;
  }

  @Scheduled(fixedDelayString = "${optout.audit.seal-every}")
  void seal() {
    try {
      sealer.sealPending();
    } catch (RuntimeException e) {
      log.warn("Audit events not sealed this time, the next run tries again: {}", e.toString());
    }
  }
}
