package io.optoutchain.support;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A test that drives the running app in headless Chromium, one fresh browser per test. */
public abstract class BrowserTest extends ReportingTest {

  @LocalServerPort protected int port;
  protected ChromeDriver browser;

  @BeforeEach
  void openBrowser() {
    browser = HeadlessChromium.open();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Swaps this test's browser for one asking for other languages ("en-US", "en"). */
  protected void reopenBrowserIn(String language, String acceptLanguages) {
    browser.quit();
    browser = HeadlessChromium.open(language, acceptLanguages);
  }

  /** Logs into Tasklist through its login page, as a person would; the wait to go on with. */
  protected WebDriverWait logIntoTasklist(String userId) {
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(url("/camunda/app/tasklist/default/"));
    fillInTheLoginForm(wait, userId);
    return wait;
  }

  /** Fills in the webapps' login form on the page the browser shows, with the demo password, and sends it. */
  protected void fillInTheLoginForm(WebDriverWait wait, String userId) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    browser.findElement(By.cssSelector("input[type=text]")).sendKeys(userId);
    browser.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
  }

  /**
   * After a completion in Tasklist, once its input is recorded: the check that follows runs in Tasklist's own
   * request after the completion has committed (process/ChecksAfterEveryCompletion); waits until no check is
   * left to run, instead of running it here and racing that request.
   */
  protected void untilTheChecksHaveRun(WebDriverWait wait) {
    wait.until(d -> managementService.createJobQuery().messages().executable().count() == 0);
  }

  /** Signs out through Tasklist's user menu (ログアウト), as a person hands the desk to the next. */
  protected void logOutOfTasklist(WebDriverWait wait) {
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".account.dropdown .dropdown-toggle"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".account.dropdown li.logout a"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
  }

  /**
   * Waits for a page's content; if it does not come, fails naming the page and what its #error
   * paragraph says. (It used to reload once: the audit pages' requests that never answered were the
   * webapps' session id changing on every request, fixed in SecurityConfiguration.)
   */
  protected <T> T untilLoaded(WebDriverWait wait, java.util.function.Function<org.openqa.selenium.WebDriver, T> content) {
    try {
      return wait.until(content);
    } catch (org.openqa.selenium.TimeoutException notLoaded) {
      var error = browser.findElements(By.id("error"));
      throw new AssertionError("page did not load its content: " + browser.getCurrentUrl()
          + (error.isEmpty() ? "" : "; its error: '" + error.get(0).getText() + "'"), notLoaded);
    }
  }

  protected String url(String path) {
    return "http://localhost:" + port + path;
  }

  protected void screenshot(String name) throws IOException {
    HeadlessChromium.screenshot(browser, name);
  }
}
