package io.optoutchain.release;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Provision of data to data users.
 *
 * @param approvalDue how long (business days) a release may wait for its compliance officer's
 *     decision before the producer's supervisors are told
 * @param maxUploadSize the largest key upload taken; a larger one is refused before it is read
 * @param maxKeys the most keys one release may hold
 */
@ConfigurationProperties("optout.release")
public record ReleaseProperties(Duration approvalDue, DataSize maxUploadSize, long maxKeys) {}
