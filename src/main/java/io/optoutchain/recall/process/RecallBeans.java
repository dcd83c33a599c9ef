package io.optoutchain.recall.process;

import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.party.ReportChain;
import io.optoutchain.recall.RecallProperties;
import io.optoutchain.recall.RecallRepository;
import io.optoutchain.recall.RecallRepository.OpenRecall;
import io.optoutchain.recall.RecallRepository.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * What the recall BPMN asks by name: which recall it runs, which data users it reaches, who works
 * each step and the deadlines. All from our tables and the party directory, keyed by the process
 * instance; the only variable read is the data user a step of the multi-instance is for, and it must
 * be one of this recall's.
 */
@Component("recall")
public class RecallBeans {

  private final RecallRepository recalls;
  private final PartyDirectory directory;
  private final PartyGroups groups;
  private final RecallProperties properties;
  private final Clock clock;

  public RecallBeans(RecallRepository recalls, PartyDirectory directory, PartyGroups groups,
      RecallProperties properties, Clock clock) {
    this.recalls = recalls;
    this.directory = directory;
    this.groups = groups;
    this.properties = properties;
    this.clock = clock;
  }

  /** The recall this process instance runs. */
  public OpenRecall recallOf(DelegateExecution execution) {
    return recalls.recallOfProcessInstance(execution.getProcessInstanceId());
  }

  /** The recall's data users, one step of the multi-instance each. */
  public List<Long> targets(DelegateExecution execution) {
    return recalls.targets(recallOf(execution).id()).stream().map(Target::id).toList();
  }

  /** One data user of this recall. */
  public Target target(DelegateExecution execution, Long targetId) {
    return recalls.target(recallOf(execution).id(), targetId);
  }

  /** The operators of the producer that provided the data to this target's data user. */
  public String producerOperators(DelegateExecution execution, Long targetId) {
    return groups.operators(target(execution, targetId).producer());
  }

  public String producerSupervisors(DelegateExecution execution, Long targetId) {
    return groups.supervisors(target(execution, targetId).producer());
  }

  public String ledgerKeeperOperators(DelegateExecution execution) {
    return groups.operators(chainOf(execution).ledgerKeeper());
  }

  public String hospitalOperators(DelegateExecution execution) {
    return groups.operators(recallOf(execution).hospitalId());
  }

  public String recipientCompliance(DelegateExecution execution) {
    return groups.compliance(chainOf(execution).finalRecipient());
  }

  public String recipientSupervisors(DelegateExecution execution) {
    return groups.supervisors(chainOf(execution).finalRecipient());
  }

  public Date preliminaryReportDue(DelegateExecution execution) {
    return Date.from(openedAt(execution).plus(properties.preliminaryReportDue()));
  }

  public Date finalReportDue(DelegateExecution execution) {
    return Date.from(openedAt(execution).plus(properties.finalReportDue()));
  }

  public Date confirmationDue() {
    return Date.from(Instant.now(clock).plus(properties.confirmationDue()));
  }

  /**
   * The group whose work an escalation of this recall is about: the producer's operators for a data
   * user's stop, the final recipient's compliance officer for a report to the regulators.
   */
  public String lateWork(OpenRecall recall, Optional<Target> dataUser) {
    return dataUser.map(target -> groups.operators(target.producer()))
        .orElseGet(() -> groups.compliance(chainOf(recall).finalRecipient()));
  }

  private ReportChain chainOf(DelegateExecution execution) {
    return chainOf(recallOf(execution));
  }

  /**
   * The report chain of the producer that provided the recalled key's data (the first data user's
   * producer), or the hospital's first chain when no release reached a data user.
   */
  private ReportChain chainOf(OpenRecall recall) {
    String hospital = recall.hospitalId();
    List<ReportChain> chains = directory.chainsOf(hospital);
    if (chains.isEmpty()) {
      throw new IllegalStateException("no chain is configured for " + hospital);
    }
    return recalls.targets(recall.id()).stream().findFirst()
        .flatMap(target -> directory.chainOf(hospital, target.producer()))
        .orElse(chains.get(0));
  }

  private Instant openedAt(DelegateExecution execution) {
    return recalls.openedAt(recallOf(execution).id());
  }
}
