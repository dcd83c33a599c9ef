package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.DRAFT_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DRAFT_DIGEST;
import static io.optoutchain.reporting.process.ReportVariables.DRAFT_KEYS;
import static io.optoutchain.reporting.process.ReportVariables.DRAFT_LATE_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DRAFT_PERIOD_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DRAFT_WITHDRAWN_COUNT;

import io.optoutchain.ledger.PatientKey;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.ReportManifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * When "Review and send the report" is created: shows the ledger keeper the draft it is about to
 * send (its counts, digest and first keys), in task-local variables its own form reads. The keeper
 * compiled these keys; no other party's task holds them (see {@link ReportVariables#FOR_THE_TASKS_PARTY_ONLY}).
 */
@Component
public class ShowDraftListener implements TaskListener {

  /** Enough keys to see what the draft is made of; the whole manifest is at the API. */
  static final int KEYS_SHOWN = 20;

  private final ReportRouting routing;
  private final MonthlyReportService reports;

  public ShowDraftListener(ReportRouting routing, MonthlyReportService reports) {
    this.routing = routing;
    this.reports = reports;
  }

  @Override
  public void notify(DelegateTask task) {
    PeriodRef ref = routing.report(task.getExecution());
    reports.draftToSend(ref).ifPresent(draft -> task.setVariablesLocal(shown(reports.manifestOf(ref, draft))));
  }

  /** The task-local variables that show a draft on the review form. */
  static Map<String, Object> shown(ReportManifest manifest) {
    Map<String, Object> shown = new HashMap<>();
    shown.put(DRAFT_COUNT, manifest.totalCount());
    shown.put(DRAFT_PERIOD_COUNT, manifest.periodCount());
    shown.put(DRAFT_LATE_COUNT, manifest.supplementCount());
    shown.put(DRAFT_WITHDRAWN_COUNT, manifest.withdrawnCount());
    shown.put(DRAFT_DIGEST, manifest.digest());
    shown.put(DRAFT_KEYS, firstKeys(manifest));
    return shown;
  }

  /** One Markdown list line per key, marked late or withdrawn as the digest marks them. */
  private static String firstKeys(ReportManifest manifest) {
    List<String> lines = new ArrayList<>();
    manifest.periodKeys().forEach(key -> lines.add(line("", key)));
    manifest.supplementKeys().forEach(key -> lines.add(line("late / 遅延 ", key)));
    manifest.withdrawnKeys().forEach(key -> lines.add(line("withdrawn / 撤回 ", key)));
    if (lines.isEmpty()) {
      return "（キーなし / no keys）";
    }
    List<String> shown = new ArrayList<>(lines.subList(0, Math.min(KEYS_SHOWN, lines.size())));
    if (lines.size() > KEYS_SHOWN) {
      shown.add("- … ほか " + (lines.size() - KEYS_SHOWN) + " 件 / and " + (lines.size() - KEYS_SHOWN) + " more");
    }
    return String.join("\n", shown);
  }

  private static String line(String mark, PatientKey key) {
    return "- " + mark + "`" + key.value() + "`";
  }
}
