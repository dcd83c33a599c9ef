package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.digest.Sha256;
import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.process.PeriodCloser;
import io.optoutchain.support.BrowserTest;
import io.optoutchain.support.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A whole month walked in Tasklist, as the README's "What you will see" tells it (headless
 * Chromium in Japanese, a 1280x900 window). The period closer opens July, as in the demo; the
 * hospital declares by choosing its own key file (the demo's, {@value #HOSPITAL_KEY_FILE}); NTT Data
 * reviews the draft, downloads the report file from its task and sends; LDI, then J-MIMO,
 * acknowledge by choosing the file handed to them; J-MIMO then confirms it applies the opt-outs by
 * choosing its own exclusion list of the hospital; the month is RECONCILED in the history. Each
 * party logs in through the login page and out through the user menu. No API call: the ledger is
 * set up and July opened beforehand, by the ledger service and the closer; the rest is the browser. With {@code -Dscreenshots=docs} the README's Tasklist images are written to
 * docs/ (see {@link HeadlessChromium#screenshot}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonthWalkBrowserTest extends BrowserTest {

  private static final String JULY = "2025-07";
  static final String HOSPITAL_KEY_FILE = "docs/demo/hospital-a-keys-2025-07.txt";
  static final String JMIMO_EXCLUSION_FILE = "docs/demo/jmimo-exclusions-hospital-a-2025-07.txt";
  private static final String REPORT_FILE = "optout-report-hospital-a-2025-07-jmimo-v1.txt";

  @Autowired PeriodCloser periodCloser;
  @TempDir Path downloads;

  private WebDriverWait wait;
  private List<String> hospitalKeys;

  /** What NTT Data must send for July: the report's canonical text over the hospital's keys. */
  private String expectedReport() {
    return "optout-report/v1 " + JULY + "\n" + String.join("\n", hospitalKeys.stream().sorted().toList()) + "\n";
  }

  private String expectedPrefix() {
    return Sha256.hex(expectedReport()).substring(0, 8);
  }

  /**
   * July's opt-outs are in the ledger (the hospital's own file lists them), and July opens as the
   * demo opens it: the period closer starts every hospital's month, now. On the real clock, so that
   * Tasklist, which reads due dates against the browser's clock, shows them as a person will.
   */
  @BeforeEach
  void julyOpensWithTheHospitalsOptOutsInTheLedger() throws IOException {
    hospitalKeys = Files.readAllLines(Path.of(HOSPITAL_KEY_FILE), StandardCharsets.UTF_8);
    ClockUtil.reset();
    hospitalKeys.forEach(key -> recordOptOut(HOSPITAL, key, LocalDate.of(2025, 7, 14)));
    periodCloser.startAll(ReportingPeriod.parse(JULY));

    HeadlessChromium.downloadTo(browser, downloads);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    // Tasklist renders a form again as it settles: read what stands, not what stood.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @Test
  @Order(1) // first, so that the history's screenshot shows no earlier test's July
  void aWholeMonthIsWalkedInTasklistFromTheHospitalsKeyFileToReconciled() throws IOException {
    hospitalDeclaresFromItsKeyFile("tasklist-walk-declare-ja.png");
    Path handedOn = nttDataReviewsDownloadsAndSends("tasklist-walk-review-and-send-ja.png");

    acknowledgeByChoosing(LDI_OPERATOR, handedOn, "tasklist-walk-acknowledge-ja.png");
    acknowledgeByChoosing(JMIMO_OPERATOR, handedOn, null);
    // Receipt is not enough: the month waits for J-MIMO to confirm what its exclusion list applies.
    assertThat(status(JULY)).isEqualTo(PeriodStatus.REPORTED);
    jmimoConfirmsFromItsExclusionList("tasklist-walk-confirm-applied-ja.png");

    // The month is reconciled: the regulator finds it so in the history, and so do our tables.
    String row = historyRowAsTheRegulatorReadsIt();
    assertThat(row).contains("hospital-a:2025-07", "照合完了 / RECONCILED", "完了 / COMPLETED");
    screenshot("history-walk-reconciled.png");
    assertThat(status(JULY)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(jdbc.queryForList("select acknowledged_by from optout.hop_acknowledgement order by id", String.class))
        .containsExactly(LDI_OPERATOR, JMIMO_OPERATOR);
    assertThat(discrepancies(JULY)).isEmpty();
  }

  @Test
  @Order(2)
  void ldiTypesTwoForOneIsAskedToRecheckFixesItByChoosingTheFileAndNttDataIsNeverCharged() throws IOException {
    // The audit trail is a hash chain that outlives each test: read only this test's events.
    long trailBefore = jdbc.queryForObject("select coalesce(max(id), 0) from optout.audit_event", Long.class);
    hospitalDeclaresFromItsKeyFile(null);
    Path handedOn = nttDataReviewsDownloadsAndSends(null);

    // LDI chooses the file, then overwrites the count by hand and slips: 2 for 1.
    logIntoTasklist(LDI_OPERATOR);
    openAndClaim("受領した報告を確認 — ");
    choose(handedOn);
    untilTheFormHolds("Field_AcknowledgedCount", "1", "Field_DigestPrefix", expectedPrefix());
    input("Field_AcknowledgedCount").sendKeys(Keys.chord(Keys.CONTROL, "a"), "2", Keys.TAB);
    untilTheFormHolds("Field_AcknowledgedCount", "2", "Field_DigestPrefix", expectedPrefix());
    complete();
    wait.until(d -> jdbc.queryForObject("select count(*) from optout.hop_acknowledgement where hop = 1",
        Integer.class) == 1);
    untilTheChecksHaveRun(wait);
    browser.navigate().refresh();

    // It is asked, in its own task, to count again; it is not told what was sent.
    wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText("受領した報告を再確認 — ")));
    openAndClaim("受領した報告を再確認 — ");
    String recheck = wait.until(d -> {
      String text = d.findElement(By.cssSelector(".fjs-form")).getText();
      return text.contains("一致しませんでした") ? text : null;
    });
    assertThat(recheck).contains("What you entered does not agree", "2025-07").doesNotContain(expectedPrefix());
    choose(handedOn);
    untilTheFormHolds("Field_RecheckedCount", "1", "Field_RecheckedDigestPrefix", expectedPrefix());
    showTheFileChooser();
    screenshot("tasklist-walk-recheck-ja.png");
    complete();
    wait.until(d -> jdbc.queryForObject("select count(*) from optout.hop_acknowledgement where hop = 1",
        Integer.class) == 2);
    untilTheChecksHaveRun(wait);
    logOutOfTasklist(wait);

    acknowledgeByChoosing(JMIMO_OPERATOR, handedOn, null);
    jmimoConfirmsFromItsExclusionList(null);

    // The month reconciles, and nothing was ever charged to NTT Data: no discrepancy, no escalation.
    wait.until(d -> status(JULY) == PeriodStatus.RECONCILED);
    assertThat(discrepancies(JULY)).isEmpty();
    assertThat(escalations(JULY)).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from optout.discrepancy where responsible_party = 'nttdata'",
        Integer.class)).isZero();
    // The audit trail holds LDI's first entry, the request to re-check, and the re-check.
    assertThat(jdbc.queryForList("""
        select event_type || ' ' || actor_user || ' ' || payload from optout.audit_event
         where id > ? and hospital_id = 'hospital-a' and period = '2025-07'
           and event_type in ('ACKNOWLEDGEMENT', 'ACKNOWLEDGEMENT_RECHECK_REQUESTED', 'DISCREPANCY', 'ESCALATION')
         order by id
        """, String.class, trailBefore)).satisfiesExactly(
            first -> assertThat(first).startsWith("ACKNOWLEDGEMENT ldi-operator ").contains("\"count\":2"),
            request -> assertThat(request).startsWith("ACKNOWLEDGEMENT_RECHECK_REQUESTED system ").contains("ldi"),
            again -> assertThat(again).startsWith("ACKNOWLEDGEMENT ldi-operator ").contains("\"count\":1")
                .contains(expectedPrefix()),
            jmimo -> assertThat(jmimo).startsWith("ACKNOWLEDGEMENT jmimo-operator ").contains("\"count\":1"));
  }

  /** The hospital opens its declaration and chooses its own key list; the browser fills count and prefix. */
  private void hospitalDeclaresFromItsKeyFile(String screenshot) throws IOException {
    logIntoTasklist(HOSPITAL_OPERATOR);
    openAndClaim("自院の件数を申告 — ");
    choose(Path.of(HOSPITAL_KEY_FILE));
    untilTheFormHolds("Field_DeclaredCount", String.valueOf(hospitalKeys.size()), "Field_DeclaredDigestPrefix",
        expectedPrefix());
    assertThat(browser.findElement(By.cssSelector(".optoutchain-report-file")).getText())
        .contains("自院のキー一覧のファイルを選択またはドロップ");
    if (screenshot != null) {
      showTheFileChooser();
      screenshot(screenshot);
    }
    complete();
    wait.until(d -> jdbc.queryForObject("select count(*) from optout.count_declaration", Integer.class) == 1);
    untilTheChecksHaveRun(wait);
    logOutOfTasklist(wait);
  }

  /**
   * NTT Data opens Review and send, reads what it is about to send, downloads the report file from
   * the task and sends; the file, as it landed in the download directory, is what it hands on.
   */
  private Path nttDataReviewsDownloadsAndSends(String screenshot) throws IOException {
    logIntoTasklist(KEEPER_OPERATOR);
    openAndClaim("報告を確認して送付 — ");
    String digest = Sha256.hex(expectedReport());
    String form = wait.until(d -> {
      String text = d.findElement(By.cssSelector(".fjs-form")).getText();
      return text.contains(digest) ? text : null;
    });
    assertThat(form).contains("Period: 2025-07", "Distinct patients: " + hospitalKeys.size())
        .contains(hospitalKeys).contains("download the report file");
    WebElement download = browser.findElement(
        By.cssSelector(".fjs-form a[href$='/api/reports/hospital-a/2025-07/manifest.txt?recipient=jmimo']"));
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", download);
    if (screenshot != null) {
      screenshot(screenshot);
    }

    download.click();
    Path handedOn = downloads.resolve(REPORT_FILE);
    wait.until(d -> Files.isRegularFile(handedOn));
    assertThat(Files.readString(handedOn, StandardCharsets.UTF_8)).isEqualTo(expectedReport());

    WebElement confirm = browser.findElement(By.cssSelector(".fjs-form input[type=checkbox]"));
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", confirm);
    complete();
    wait.until(d -> jdbc.queryForObject("select count(*) from optout.monthly_report where state = 'SENT'",
        Integer.class) == 1);
    untilTheChecksHaveRun(wait);
    logOutOfTasklist(wait);
    return handedOn;
  }

  /** A receiver opens its acknowledgement and chooses the file it was handed; the browser counts and digests it. */
  private void acknowledgeByChoosing(String user, Path file, String screenshot) throws IOException {
    int before = jdbc.queryForObject("select count(*) from optout.hop_acknowledgement", Integer.class);
    logIntoTasklist(user);
    openAndClaim("受領した報告を確認 — ");
    choose(file);
    untilTheFormHolds("Field_AcknowledgedCount", String.valueOf(hospitalKeys.size()), "Field_DigestPrefix",
        expectedPrefix());
    assertThat(browser.findElement(By.cssSelector(".optoutchain-report-file")).getText())
        .contains("受領したファイルを選択またはドロップ");
    if (screenshot != null) {
      showTheFileChooser();
      screenshot(screenshot);
    }
    complete();
    wait.until(d -> jdbc.queryForObject("select count(*) from optout.hop_acknowledgement", Integer.class) > before);
    untilTheChecksHaveRun(wait);
    logOutOfTasklist(wait);
  }

  /**
   * J-MIMO opens "Confirm the opt-outs are applied" and chooses its own exclusion list of hospital-a,
   * cumulative to the end of July; the browser counts and digests it as July's scheme, nothing is
   * uploaded, and no ledger figure is on the form. Here the ledger holds July's keys only (no earlier
   * month was set up), so the list through July is those keys; the demo's list through July,
   * {@value #JMIMO_EXCLUSION_FILE}, holds every hospital-a key of the replayed months as well.
   */
  private void jmimoConfirmsFromItsExclusionList(String screenshot) throws IOException {
    Path exclusions = downloads.resolve("jmimo-exclusions-hospital-a-2025-07.txt");
    Files.write(exclusions, hospitalKeys, StandardCharsets.UTF_8);
    logIntoTasklist(JMIMO_OPERATOR);
    openAndClaim("適用を確認 — ");
    String form = wait.until(d -> {
      String text = d.findElement(By.cssSelector(".fjs-form")).getText();
      return text.contains("Acknowledging receipt is not enough") ? text : null;
    });
    assertThat(form).contains("2025-07").doesNotContain(expectedPrefix());
    choose(exclusions);
    untilTheFormHolds("Field_AppliedCount", String.valueOf(hospitalKeys.size()), "Field_AppliedDigestPrefix",
        expectedPrefix());
    assertThat(browser.findElement(By.cssSelector(".optoutchain-report-file")).getText())
        .contains("自社の除外リスト");
    if (screenshot != null) {
      showTheFileChooser();
      screenshot(screenshot);
    }
    complete();
    wait.until(d -> jdbc.queryForObject("select count(*) from optout.applied_confirmation", Integer.class) == 1);
    untilTheChecksHaveRun(wait);
    logOutOfTasklist(wait);
  }

  /** The regulator signs in (the history page sends it to the webapps' login) and filters to the month. */
  private String historyRowAsTheRegulatorReadsIt() {
    By row = By.cssSelector("#instances tbody tr[data-id='" + jdbc.queryForObject(
        "select process_instance_id from optout.period_status where hospital_id = 'hospital-a' and period = '2025-07'",
        String.class) + "']");
    String history = url("/audit/history.html?hospital=hospital-a&period=2025-07");
    browser.get(history);
    wait.until(ExpectedConditions.urlContains("/camunda/app/welcome/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    browser.findElement(By.cssSelector("input[type=text]")).sendKeys("regulator");
    browser.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type=password]")));
    browser.get(history);
    return untilLoaded(wait, d -> d.findElements(row).isEmpty() ? null : d.findElement(row).getText());
  }

  private void openAndClaim(String taskName) {
    wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText(taskName))).click();
    By claim = By.xpath("//*[contains(text(), '担当する')]");
    wait.until(ExpectedConditions.elementToBeClickable(claim)).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));
  }

  private void complete() {
    WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("button[ng-click='complete()']")));
    browser.executeScript("arguments[0].scrollIntoView(); arguments[0].click();", complete);
  }

  private WebElement input(String componentId) {
    return browser.findElement(By.cssSelector(".fjs-form input[id$='-" + componentId + "']"));
  }

  /** Chooses a file in the form's file chooser (report-file.js), once the form has settled and offers it. */
  private void choose(Path file) {
    WebElement chooser = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector(".fjs-form input[type=file].optoutchain-report-file-input")));
    chooser.sendKeys(file.toAbsolutePath().toString());
  }

  /** Waits until the form's two fields hold these figures and the form has taken them (no field says it is empty). */
  private void untilTheFormHolds(String countField, String count, String prefixField, String prefix) {
    wait.until(d ->
        count.equals(input(countField).getDomProperty("value"))
        && prefix.equals(input(prefixField).getDomProperty("value"))
        && d.findElements(By.cssSelector(".fjs-form .fjs-form-field-error")).stream()
            .allMatch(error -> error.getText().isBlank()));
  }

  private void showTheFileChooser() {
    browser.executeScript("arguments[0].scrollIntoView({block: 'start'});",
        browser.findElement(By.cssSelector(".optoutchain-report-file")));
  }
}
