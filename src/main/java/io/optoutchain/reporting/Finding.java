package io.optoutchain.reporting;

/**
 * One disagreement found by the {@link DiscrepancyPolicy}: what, at which hop (the hop from which
 * acknowledgements must resume once resolved), who produced the divergent figure, and the figures.
 */
public record Finding(
    DiscrepancyKind kind, int hop, String responsibleParty, Integer expected, Integer actual, String detail) {}
