package io.optoutchain.recall.process;

import io.optoutchain.escalation.Escalation;
import io.optoutchain.escalation.EscalationBrief;
import io.optoutchain.escalation.EscalationTable;
import io.optoutchain.escalation.ProcessEscalations;
import io.optoutchain.recall.RecallEscalationCause;
import io.optoutchain.recall.RecallRepository;
import io.optoutchain.recall.RecallService;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A recall's escalations (table {@code recall_escalation}), as the escalated group's task shows them. */
@Component
public class RecallEscalations implements ProcessEscalations {

  private final RecallRepository recalls;
  private final RecallService recallService;
  private final RecallBeans recall;

  public RecallEscalations(RecallRepository recalls, RecallService recallService, RecallBeans recall) {
    this.recalls = recalls;
    this.recallService = recallService;
    this.recall = recall;
  }

  @Override
  public String processKey() {
    return RecallStarter.PROCESS_KEY;
  }

  @Override
  public EscalationTable table() {
    return EscalationTable.RECALL;
  }

  @Override
  public boolean lateWorkIsOperators(String cause) {
    return RecallEscalationCause.valueOf(cause).forADataUser();
  }

  @Override
  public EscalationBrief brief(Escalation escalation) {
    var open = recalls.recallOfProcessInstance(escalation.processInstanceId());
    var dataUser = recalls.escalatedTarget(escalation.id());
    return new EscalationBrief("回収 " + open.id() + "（" + open.hospitalId()
        + dataUser.map(target -> "、データ利用者 " + target.dataUser()).orElse("") + "）/ recall " + open.id() + " of "
        + open.hospitalId() + dataUser.map(target -> ", data user " + target.dataUser()).orElse(""),
        RecallEscalationCause.valueOf(escalation.cause()).described(), recall.lateWork(open, dataUser));
  }

  @Override
  public void recordHandled(Escalation escalation, Map<String, Object> payload) {
    recallService.recordEscalationHandled(recalls.recallOfProcessInstance(escalation.processInstanceId()).id(),
        payload);
  }
}
