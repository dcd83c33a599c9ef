package io.optoutchain.release;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Provision of data to data users.
 *
 * @param firstPeriod the first month ({@code YYYY-MM}) the chain reported through this product; the
 *     gate requires every month from it through the month of a release's cut-off to be reconciled
 */
@ConfigurationProperties("optout.release")
public record ReleaseProperties(String firstPeriod) {}
