package io.optoutchain.release.process;

import io.optoutchain.escalation.Escalation;
import io.optoutchain.escalation.EscalationBrief;
import io.optoutchain.escalation.EscalationTable;
import io.optoutchain.escalation.ProcessEscalations;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.release.ReleaseService;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A release's escalations (table {@code release_escalation}), as the escalated group's task shows them. */
@Component
public class ReleaseEscalations implements ProcessEscalations {

  private final ReleaseService releases;
  private final PartyGroups groups;

  public ReleaseEscalations(ReleaseService releases, PartyGroups groups) {
    this.releases = releases;
    this.groups = groups;
  }

  @Override
  public String processKey() {
    return ReleaseController.PROCESS_KEY;
  }

  @Override
  public EscalationTable table() {
    return EscalationTable.RELEASE;
  }

  /**
   * The late wait is the approval, the compliance officer's own decision: only that officer may approve
   * or reject a release, so the producer's supervisors acknowledge the escalation with a note and the form
   * offers them nothing else; taking the approval over would approve in the officer's place.
   */
  @Override
  public boolean lateWorkIsOperators(String cause) {
    return false;
  }

  @Override
  public EscalationBrief brief(Escalation escalation) {
    var release = releases.find(releases.releaseOf(escalation.processInstanceId()));
    return new EscalationBrief("データ提供 " + release.id() + "（" + release.dataUser() + " へ、基準日 " + release.cutoff()
        + "）/ release " + release.id() + " to " + release.dataUser() + ", cut-off " + release.cutoff(),
        "提供の承認が期限を過ぎています（承認はコンプライアンス責任者が行います） / The approval of the release is overdue"
            + " (the approval stays the compliance officer's)",
        groups.compliance(release.producer()));
  }

  @Override
  public void recordHandled(Escalation escalation, Map<String, Object> payload) {
    releases.recordEscalationHandled(releases.releaseOf(escalation.processInstanceId()), payload);
  }
}
