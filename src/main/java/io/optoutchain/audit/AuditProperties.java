package io.optoutchain.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the audit trail's events are sealed into the chain; defaults in {@code application.yaml}.
 *
 * @param sealing whether this node runs the sealer on a schedule (tests turn it off and seal by hand);
 *     several nodes may: one seals at a time
 * @param sealEvery the pause between the end of one sealer run and the start of the next
 * @param sealBatch how many events one sealer transaction seals at most
 */
@ConfigurationProperties("optout.audit")
public record AuditProperties(boolean sealing, Duration sealEvery, int sealBatch) {

  public AuditProperties {
    if (sealEvery == null || sealEvery.isNegative() || sealEvery.isZero()) {
      throw new IllegalArgumentException("optout.audit.seal-every must be a positive duration");
    }
    if (sealBatch < 1) {
      throw new IllegalArgumentException("optout.audit.seal-batch must be at least 1, not " + sealBatch);
    }
  }
}
