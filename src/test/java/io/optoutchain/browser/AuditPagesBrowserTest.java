package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.support.BrowserTest;
import io.optoutchain.support.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A regulator opens the period matrix at 1280 px, chooses the months, keeps the matrix as CSV, clicks
 * the incident's December and reads what happened, with names and translated statuses throughout.
 */
class AuditPagesBrowserTest extends BrowserTest {

  private static final Path DOWNLOADS = Path.of("target/downloads/audit-pages");

  @Test
  void regulatorFindsTheIncidentInTheMatrixAndItsDiscrepancyAndEscalationInTheTimeline() throws IOException {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToSupervisors").plusSeconds(1));
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToComplianceOfficer").plusSeconds(1));
    browser.manage().window().setSize(new Dimension(1280, 900));
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));

    // One sign-in: the regulator's page sends a person without a session to the webapps' login ...
    browser.get(url("/audit/matrix.html"));
    wait.until(ExpectedConditions.urlContains("/camunda/app/welcome/"));
    fillInTheLoginForm(wait, "regulator");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type=password]")));

    // ... and the same session opens it, on the months up to the engine's January, from the first reported one.
    browser.get(url("/audit/matrix.html"));
    var cell = untilLoaded(wait, ExpectedConditions.visibilityOfElementLocated(By.id("cell-hospital-a-jmimo-2024-12")));
    assertThat(months()).containsExactly("2024-12", "2025-01");
    assertThat(cell.getAttribute("class")).contains("ESCALATED");
    assertThat(cell.getText()).isEqualTo("上申 / ESCALATED");
    assertThat(browser.findElement(By.id("cell-hospital-b-jmimo-2024-12")).getText()).isEqualTo("未開始 / NOT STARTED");
    assertThat(browser.findElement(By.id("matrix")).getText())
        .contains("Demo Hospital A / デモ病院A", "Demo Hospital B / デモ病院B");
    for (PeriodStatus status : PeriodStatus.values()) {
      var entry = browser.findElement(By.cssSelector(".legend span." + status.name()));
      assertThat(entry.getText()).as(status.name()).matches("[^A-Za-z]+ / " + status.name().replace('_', ' '));
    }

    // The regulator widens the range: the months follow, and so does the address.
    choose("from", "2024-11");
    choose("to", "2025-03");
    browser.findElement(By.cssSelector("#range button[type=submit]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cell-hospital-a-jmimo-2025-03")));
    assertThat(months()).containsExactly("2024-11", "2024-12", "2025-01", "2025-02", "2025-03");
    assertThat(browser.getCurrentUrl()).endsWith("?from=2024-11&to=2025-03");
    assertThat(overflow()).as("the matrix page is no wider than 1280 px").isZero();
    screenshot("audit-matrix.png");

    // The CSV button gives the range shown, with the session of the page.
    Files.createDirectories(DOWNLOADS);
    HeadlessChromium.downloadTo(browser, DOWNLOADS);
    Path csv = DOWNLOADS.resolve("period-matrix-2024-11-to-2025-03.csv");
    Files.deleteIfExists(csv);
    browser.findElement(By.id("download-csv")).click();
    List<String> lines = downloaded(csv);
    assertThat(lines.get(0)).isEqualTo("\uFEFFhospital_id,hospital_name,final_recipient,final_recipient_name,period,status");
    String jmimo = "\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",";
    // Hospitals A to C report to J-MIMO; hospital D to LDI and to J-MIMO: five rows of five months.
    assertThat(lines).contains("\"hospital-a\",\"Demo Hospital A / デモ病院A\"," + jmimo + "\"2024-12\",\"ESCALATED\"",
        "\"hospital-b\",\"Demo Hospital B / デモ病院B\"," + jmimo + "\"2025-03\",\"NOT_STARTED\"").hasSize(1 + 5 * 5);

    browser.findElement(By.id("cell-hospital-a-jmimo-2024-12")).click();
    untilLoaded(wait, ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "ESCALATION"));
    String timeline = browser.findElement(By.id("timeline")).getText();
    assertThat(timeline).contains("不一致 / DISCREPANCY", "REPORT_DIFFERS_FROM_LEDGER", "上申 / ESCALATION")
        .contains("jmimo-compliance（J-MIMO / 日本医師会医療情報管理機構）")
        .contains("nttdata-operator", "NTT Data / NTTデータ")
        .doesNotContain("null");
    assertThat(browser.findElement(By.id("title")).getText())
        .isEqualTo("タイムライン / Timeline: Demo Hospital A / デモ病院A（hospital-a） 2024-12");
    assertThat(overflow()).as("the timeline page is no wider than 1280 px").isZero();
    screenshot("audit-timeline.png");

    browser.get(url("/audit/verify.html"));
    untilLoaded(wait, ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Intact"));
    screenshot("audit-verify.png");

    // Logging out of the webapps logs out of the regulators' pages too.
    browser.executeScript("var token = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));"
        + "return fetch('/camunda/api/admin/auth/user/default/logout', {method: 'POST',"
        + " headers: {'X-XSRF-TOKEN': token ? token.substring(11) : ''}}).then(r => r.status);");
    browser.get(url("/audit/matrix.html"));
    wait.until(ExpectedConditions.urlContains("/camunda/app/welcome/"));
  }

  @Test
  void aTimelineOpenedWithoutHospitalAndMonthSaysWhereToOpenIt() {
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    HeadlessChromium.logInWithBasic(browser, "regulator", "demo");

    browser.get(url("/audit/timeline.html"));

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "期間マトリクス"));
    assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("null");
  }

  private List<String> months() {
    return browser.findElements(By.cssSelector("#matrix thead th")).stream().skip(1).map(WebElement::getText)
        .toList();
  }

  private void choose(String field, String month) {
    var input = browser.findElement(By.cssSelector("#range input[name=" + field + "]"));
    input.clear();
    input.sendKeys(month);
  }

  /** How far the page is wider than the window, in CSS pixels. */
  private long overflow() {
    return (Long) browser.executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
  }

  private static List<String> downloaded(Path file) {
    return new FluentWait<>(file).withTimeout(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(100))
        .ignoring(java.io.UncheckedIOException.class).until(path -> {
          try {
            return Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : null;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
