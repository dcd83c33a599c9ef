package io.optoutchain.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium, headless and in Japanese, driven by its own chromedriver; nothing downloaded. */
public final class HeadlessChromium {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  private HeadlessChromium() {}

  /** A browser, or the test is skipped where Chromium is not installed (.ci/run installs it). */
  public static ChromeDriver open() {
    return open("ja-JP", "ja,en");
  }

  /** A browser asking for these languages (Chromium's --lang, then its Accept-Language list). */
  public static ChromeDriver open(String language, String acceptLanguages) {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (.ci/run installs them)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,900", "--lang=" + language);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguages));
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
        options);
  }

  /** Sends HTTP Basic credentials with every request of this browser, as a logged-in user would. */
  public static void logInWithBasic(ChromeDriver browser, String user, String password) {
    String token = java.util.Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand("Network.setExtraHTTPHeaders",
        Map.of("headers", Map.of("Authorization", "Basic " + token)));
  }

  /** Saves what this browser downloads into {@code directory}, without asking, as a person's default folder would. */
  public static void downloadInto(ChromeDriver browser, Path directory) throws IOException {
    Files.createDirectories(directory);
    browser.executeCdpCommand("Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", directory.toAbsolutePath().toString()));
  }

  public static void screenshot(ChromeDriver browser, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
