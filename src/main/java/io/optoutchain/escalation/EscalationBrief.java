package io.optoutchain.escalation;

/**
 * What the escalated group's task tells it, in words (Japanese with English beside): what the
 * escalation is about, what is late, and the group whose work is late.
 */
public record EscalationBrief(String subject, String late, String mustActGroup) {}
