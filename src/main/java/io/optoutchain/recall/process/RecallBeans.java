package io.optoutchain.recall.process;

import io.optoutchain.party.PartyGroups;
import io.optoutchain.recall.RecallProperties;
import io.optoutchain.recall.RecallRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.springframework.stereotype.Component;

/** What the recall BPMN asks by name: who works a data user's steps, and the deadlines. */
@Component("recall")
public class RecallBeans {

  private final RecallRepository recalls;
  private final PartyGroups groups;
  private final RecallProperties properties;
  private final Clock clock;

  public RecallBeans(RecallRepository recalls, PartyGroups groups, RecallProperties properties,
      Clock clock) {
    this.recalls = recalls;
    this.groups = groups;
    this.properties = properties;
    this.clock = clock;
  }

  /** The operators of the producer that provided the data to this target's data user. */
  public String producerOperators(Long targetId) {
    return groups.operators(recalls.target(targetId).producer());
  }

  public String producerSupervisors(Long targetId) {
    return groups.supervisors(recalls.target(targetId).producer());
  }

  public Date preliminaryReportDue(Long recallId) {
    return Date.from(openedAt(recallId).plus(properties.preliminaryReportDue()));
  }

  public Date finalReportDue(Long recallId) {
    return Date.from(openedAt(recallId).plus(properties.finalReportDue()));
  }

  public Date confirmationDue() {
    return Date.from(Instant.now(clock).plus(properties.confirmationDue()));
  }

  private Instant openedAt(Long recallId) {
    return recalls.openedAt(recallId);
  }
}
