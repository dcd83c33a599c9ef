package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.BrowserTest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The webapps speak the browser's language: Japanese Tasklist dates on every page load (not only
 * when ja.json happens to arrive after en.json), the Welcome page in Japanese, English for an English
 * browser, and no "migrate to Camunda 8" banner in front of anyone. Screenshots in target/screenshots.
 */
class WebappsLanguageBrowserTest extends BrowserTest {

  private static final By DUE_DATE = By.cssSelector(".tasks-list .due-date [am-time-ago]");
  private static final By BANNER = By.cssSelector(".ce-eol-banner");
  private static final By FILTERS = By.cssSelector(".task-filters");
  private static final By TASK_NAMES = By.cssSelector(".tasks-list .names h4.task");

  @Test
  void japaneseTasklistShowsDueDatesInJapaneseOnEveryLoad() throws IOException {
    taskDueInFiveDays();
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    logIn(wait, "/camunda/app/tasklist/default/", HOSPITAL_OPERATOR);

    for (int load = 1; load <= 6; load++) {
      if (load % 2 == 0) {
        // Every other load without Camunda's cached locale files: they are fetched again, side by side.
        browser.executeScript("window.localStorage.removeItem('camunda-web')");
      }
      browser.navigate().refresh();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(DUE_DATE, "5日後"));
      wait.until(d -> "ja".equals(momentLocale()));
      assertThat(browser.findElement(DUE_DATE).getText()).as("load %d", load)
          .isEqualTo("5日後").doesNotContain("days").doesNotContain("in ");
      assertThat(browser.findElement(By.cssSelector(".tasks-list .due-date")).getText()).startsWith("期限");
    }
    assertThat(browser.findElements(BANNER)).isNotEmpty().noneMatch(WebElement::isDisplayed);
    // Business labels in the chosen language; the hospital's own name as it is.
    wait.until(ExpectedConditions.textToBePresentInElementLocated(FILTERS, "担当タスク"));
    assertThat(browser.findElement(FILTERS).getText()).contains("担当タスク", "期限超過", "上申済み")
        .doesNotContain("My party's tasks", "Escalated");
    assertThat(browser.findElement(TASK_NAMES).getText())
        .isEqualTo("自院の件数を申告 — Demo Hospital A / デモ病院A (hospital-a) 2024-12");
    assertThat(browser.findElement(By.cssSelector(".tasks-list .process-definition")).getText())
        .isEqualTo("月次オプトアウト報告");
    screenshot("tasklist-due-date-ja.png");
  }

  @Test
  void welcomeCockpitAndAdminShowNoMigrationBannerAndWelcomeIsJapanese() throws IOException {
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(url("/camunda/app/welcome/default/"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("button[type=submit]"), "ログイン"));
    screenshot("welcome-login-ja.png");
    logIn(wait, "/camunda/app/welcome/default/", "demo");

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "アプリケーション"));
    String welcome = browser.findElement(By.tagName("body")).getText();
    assertThat(welcome).contains("アプリケーション", "プロフィール").doesNotContain("Applications", "Profile", "Camunda 8");
    assertThat(browser.findElements(BANNER)).isNotEmpty().noneMatch(WebElement::isDisplayed);
    screenshot("welcome-ja.png");

    for (String app : new String[] {"cockpit", "admin"}) {
      browser.get(url("/camunda/app/" + app + "/default/"));
      wait.until(ExpectedConditions.presenceOfElementLocated(BANNER));
      assertThat(browser.findElements(BANNER)).as(app).noneMatch(WebElement::isDisplayed);
      assertThat(browser.findElement(By.tagName("body")).getText()).as(app).doesNotContain("Camunda 8");
      screenshot(app + "-no-banner.png");
    }
  }

  @Test
  void englishBrowserSeesEnglishTasklist() throws IOException {
    taskDueInFiveDays();
    reopenBrowserIn("en-US", "en-US,en");
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(url("/camunda/app/tasklist/default/"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("button[type=submit]"), "Log in"));
    logIn(wait, "/camunda/app/tasklist/default/", HOSPITAL_OPERATOR);

    wait.until(ExpectedConditions.textToBePresentInElementLocated(DUE_DATE, "in 5 days"));
    assertThat(momentLocale()).isEqualTo("en");
    assertThat(browser.findElement(By.cssSelector(".tasks-list .due-date")).getText()).startsWith("Due");
    assertThat(browser.findElement(By.cssSelector("[cam-widget-header]")).getText()).doesNotContain("ログアウト");
    assertThat(browser.findElements(BANNER)).isNotEmpty().noneMatch(WebElement::isDisplayed);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(FILTERS, "My party's tasks"));
    assertThat(browser.findElement(FILTERS).getText()).contains("My party's tasks", "Overdue", "Escalated")
        .doesNotContain("担当タスク");
    assertThat(browser.findElement(TASK_NAMES).getText())
        .isEqualTo("Declare the hospital's count — Demo Hospital A / デモ病院A (hospital-a) 2024-12");
    screenshot("tasklist-en.png");
  }

  /** The hospital's declaration task of December 2024, due five days (and two hours) from now. */
  private void taskDueInFiveDays() {
    recordOptOut(HOSPITAL, patientKey("language"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    var task = taskService.createTaskQuery().processInstanceId(report.getId()).singleResult();
    taskService.setDueDate(task.getId(), Date.from(Instant.now().plus(Duration.ofDays(5)).plus(Duration.ofHours(2))));
  }

  private void logIn(WebDriverWait wait, String path, String user) {
    browser.get(url(path));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    browser.findElement(By.cssSelector("input[type=text]")).sendKeys(user);
    browser.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type=password]")));
  }

  /** moment's global locale, as Tasklist's angular-moment sees it. */
  private String momentLocale() {
    return (String) browser.executeScript(
        "return angular.element(document.body).injector().get('moment').locale();");
  }
}
