package io.optoutchain.reporting;

import io.optoutchain.party.ReportChain;
import java.util.Arrays;
import java.util.List;

/** How a party resolves a discrepancy it is responsible for. */
public enum Resolution {
  /**
   * The report is sent again: the ledger keeper sends a corrected version (compiled anew from the
   * ledger, or submitted from its own system); a party further down re-sends the report of record.
   */
  CORRECTED_REPORT,
  /** The hospital corrects, or confirms with a reason, its own declared count. */
  CORRECTED_DECLARATION,
  /**
   * The final recipient, having fixed its exclusion list, states its count and digest again
   * (blind, as in the confirmation); they are compared with the ledger again.
   */
  RESTATED_APPLIED_SET;

  /**
   * Whether a party can use this resolution on a hospital's report: the hospital corrects its own
   * declaration; a party on the report chain sends a corrected report (or re-sends the report of record).
   */
  public boolean usableBy(ReportChain chain, String partyId) {
    return switch (this) {
      case CORRECTED_REPORT -> chain.report().contains(partyId);
      case CORRECTED_DECLARATION -> chain.hospitalId().equals(partyId);
      case RESTATED_APPLIED_SET -> chain.finalRecipient().equals(partyId);
    };
  }

  /**
   * Whether this resolution resolves a discrepancy of that kind: a disagreement about the applied
   * exclusion list is the recipient's to fix in its own list, never by a report or a declaration;
   * every other kind is fixed upstream of it, never by re-stating the list.
   */
  public boolean resolves(DiscrepancyKind kind) {
    return (kind == DiscrepancyKind.APPLIED_SET_DIFFERS) == (this == RESTATED_APPLIED_SET);
  }

  /** Whether the responsible party of a discrepancy of that kind is offered this resolution. */
  public boolean offeredFor(DiscrepancyKind kind, ReportChain chain, String partyId) {
    return resolves(kind) && usableBy(chain, partyId);
  }

  /** The resolutions a party can use on a hospital's report, the only ones its form offers. */
  public static List<Resolution> usableBy(String partyId, ReportChain chain) {
    return Arrays.stream(values()).filter(r -> r.usableBy(chain, partyId)).toList();
  }
}
