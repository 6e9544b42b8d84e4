package org.vaelab.experiments.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;

/**
 * The dashboard in a real browser: Debian's chromium, headless, driven by Selenium through Debian's
 * chromium-driver (installed by .ci/run; the test is skipped where they are absent). Screenshots go to
 * target/ui-screenshots.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    @TempDir
    static Path tmp;

    private static DashboardServer server;
    private static WebDriver browser;

    private static Path train(Path out, String... overrides) {
        var config = new ConfigLoader(TestFixtures.framework()).parse(TestFixtures.TINY_CONFIG, "tiny.yaml", List.of(overrides));
        return new ExperimentRunner(TestFixtures.framework(), new PrintStream(new ByteArrayOutputStream()), Progress.silent())
                .run(config, out, List.of("test")).directory();
    }

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        train(tmp.resolve("runs"), "training.epochs=2");
        train(tmp.resolve("runs"), "training.epochs=2", "losses[1].beta=4.0");
        server = DashboardServer.start(tmp.resolve("runs"), TestFixtures.framework().json(), 0);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static long points(String chart) {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "const c = window.charts[arguments[0]]; return c ? c.data.datasets.reduce((s, d) => s + d.data.length, 0) : 0;",
                chart);
        return ((Number) n).longValue();
    }

    @Test
    void theTableChartsAndComparisonWork() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        waiting().until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 2);
        List<WebElement> rows = browser.findElements(By.cssSelector("#runs-table tbody tr"));
        assertThat(rows).allSatisfy(r -> assertThat(r.getText()).contains("tiny").contains("completed"));
        assertThat(browser.findElement(By.cssSelector("#runs-table thead")).getText())
                .contains("losses[1].beta").contains("test.negElbo");
        assertThat(browser.findElement(By.id("ablation-table")).getText()).contains("tiny (losses[1].beta=2.0)");
        waiting().until(d -> points("axis-losses[1].beta") == 2);                   // the metric against the beta axis
        screenshot("runs");

        // a run's page: its curves drawn from metrics.jsonl, its pictures
        browser.findElements(By.cssSelector("a.open")).get(0).click();
        waiting().until(d -> points("run-test-chart") > 0);
        assertThat(points("run-test-chart")).isGreaterThanOrEqualTo(2 * 3);     // 2 epochs x (negElbo, recon, kl, ...)
        assertThat(points("run-train-chart")).isGreaterThan(0);
        assertThat(browser.findElements(By.cssSelector("#run-images img"))).isNotEmpty();
        screenshot("run");

        // two runs selected: curves overlaid and their config diff
        browser.findElements(By.cssSelector("input.select")).forEach(WebElement::click);
        browser.findElement(By.id("compare-button")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("#diff li")).isEmpty());
        assertThat(browser.findElement(By.id("diff")).getText()).contains("losses[1].beta:");
        waiting().until(d -> points("compare-test-chart") == 2 * 2);                 // 2 runs x 2 epochs
        screenshot("compare");
    }

    @Test
    void aRunAddedWhileThePageIsOpenAppearsWithoutAReload() throws Exception {
        Path folder = tmp.resolve("live");
        train(folder, "training.epochs=1");
        try (DashboardServer live = DashboardServer.start(folder, TestFixtures.framework().json(), 0)) {
            browser.get("http://127.0.0.1:" + live.port() + "/");
            waiting().until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 1);
            train(folder, "training.epochs=1", "seed=9");
            waiting().until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 2);
            screenshot("live");
        }
    }

    @Test
    void aPortInUseIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> DashboardServer.start(tmp.resolve("runs"), TestFixtures.framework().json(), server.port()))
                .isInstanceOf(org.vaelab.api.UserInputException.class).hasMessageContaining("is in use")
                .hasMessageContaining("--port");
    }
}
