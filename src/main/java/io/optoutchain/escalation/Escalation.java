package io.optoutchain.escalation;

import java.time.Instant;

/**
 * One escalation as every process's escalation table records it: whom it reached, why, when, and how
 * that group handled it ({@code handling} is null until it did).
 */
public record Escalation(long id, String escalatedTo, String cause, Instant escalatedAt, String processInstanceId,
    EscalationHandling handling, String handledBy, Instant handledAt, String note) {}
