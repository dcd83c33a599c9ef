package io.optoutchain.support;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;
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

  protected String url(String path) {
    return "http://localhost:" + port + path;
  }

  protected void screenshot(String name) throws IOException {
    HeadlessChromium.screenshot(browser, name);
  }
}
