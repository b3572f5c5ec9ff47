package org.vitwatt.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.Fixtures.latency;
import static org.vitwatt.reports.Fixtures.param;
import static org.vitwatt.reports.Fixtures.pick;
import static org.vitwatt.reports.Fixtures.put;
import static org.vitwatt.reports.Fixtures.withAccuracy;
import static org.vitwatt.reports.Fixtures.withEnergy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.cli.ReportsCli;

/**
 * index.html in a real headless Chromium (Debian's chromium, installed by .ci/run): it loads with no console message
 * at all (errors included), every table and plot is there, sorting works; at 1,366 × 768 and 1,920 × 1,080 the
 * recommendation and its plot are on the first screen, the page and its first tables need no horizontal scrolling,
 * and a screenshot of each (printed as target/chromium/index-WxH.png for a person to look at) is not blank.
 */
class HtmlInChromiumTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path dir;

    static Path out;

    @BeforeAll
    static void report() throws Exception {
        List<JsonObject> rs = Fixtures.real();
        withAccuracy(withEnergy(pick(rs, "deit_tiny", 1), 2.0, 0.05, 0.5, 12), 72.0, 91.0);
        withAccuracy(withEnergy(pick(rs, "deit_small", 1), 1.5, 0.05, 0.4, 14), 80.0, 95.0);
        withAccuracy(withEnergy(pick(rs, "deit_tiny", 2), 1.8, 0.05, 0.5, 12), 72.0, 91.0);
        withAccuracy(withEnergy(pick(rs, "deit_small", 2), 1.4, 0.05, 0.4, 14), 80.0, 95.0);
        List<JsonObject> all = new ArrayList<>(rs);
        for (JsonObject r : rs) {
            JsonObject x = r.deepCopy();
            param(x, "precision", "int8");
            latency(x, x.getAsJsonObject("primaryMetric").get("score").getAsDouble() / 2, 1);
            withEnergy(x, 1.0, 0.05, 0.3, 10);
            put(x, "accuracy.top1", 70.5, Double.NaN, "%");
            put(x, "accuracy.agreement", 97.0, Double.NaN, "%");
            all.add(x);
        }
        Path a = Fixtures.write(dir.resolve("tx2.json"), all);
        Path b = Files.writeString(dir.resolve("cpu.json"), Fixtures.realText());
        out = dir.resolve("report");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = ReportsCli.run(new String[] {"report", a.toString(), b.toString(), "--device", "tx2.json=tx2-01",
            "--device", "cpu.json=dev-box", "--latency-target", "40", "--out", out.toString()}, new PrintWriter(o),
                new PrintWriter(e));
        assertEquals(0, code, e.toString());
    }

    record Chrome(int code, String stdout, String stderr) {
        /** Console messages (any level) and failed loads that Chromium logged. */
        List<String> consoleLines() {
            List<String> l = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.contains(":CONSOLE") || line.contains("net::ERR_")) {
                    l.add(line);
                }
            }
            return l;
        }
    }

    static Chrome chromium(Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path so = Files.createTempFile(dir, "chrome", ".out");
        Path se = Files.createTempFile(dir, "chrome", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(so.toFile()).redirectError(se.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        return new Chrome(p.exitValue(), Files.readString(so), Files.readString(se));
    }

    static void needChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "SKIPPED: /usr/bin/chromium is absent (apt-get install -y chromium; .ci/run installs it)");
    }

    @Test
    void consoleDetectionWorks() throws Exception {
        needChromium();
        Path page = Files.writeString(dir.resolve("broken.html"),
                "<!DOCTYPE html><html><body><script>console.error('boom'); missingFunction();</script></body></html>");
        Chrome c = chromium(dir.resolve("profile-neg"), "--dump-dom", page.toUri().toString());
        assertTrue(c.consoleLines().stream().anyMatch(l -> l.contains("boom")), c.stderr());
        assertTrue(c.consoleLines().stream().anyMatch(l -> l.contains("missingFunction")), c.stderr());
    }

    @Test
    void pageLoadsCleanlyWithEveryTableAndPlotAndSorts() throws Exception {
        needChromium();
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals(40.0, report.getAsJsonObject("options").get("latencyTargetMs").getAsDouble());
        String url = out.resolve("index.html").toUri() + "#sort=t-netscore-1:1";
        Chrome c = chromium(dir.resolve("profile-dom"), "--dump-dom", url);
        assertEquals(0, c.code(), c.stderr());
        assertEquals(List.of(), c.consoleLines(), "console messages or failed loads");
        String dom = c.stdout();
        assertTrue(dom.contains("data-ready=\"1\""), "the page's script ran to its end");

        int tables = 1; // inputs
        for (var fam : report.getAsJsonObject("tables").entrySet()) {
            tables += fam.getValue().getAsJsonObject().getAsJsonArray("tables").size();
        }
        assertEquals(tables, count(dom, "<table class=\"sortable"), "every table");
        int drawn = 0;
        for (JsonElement p : report.getAsJsonArray("plots")) {
            String id = p.getAsJsonObject().get("id").getAsString();
            assertTrue(dom.contains("id=\"plot-" + id + "\""), "plot " + id);
            if (!p.getAsJsonObject().has("missing")) {
                drawn++;
                int at = dom.indexOf("id=\"plot-" + id + "\"");
                assertTrue(dom.indexOf("<svg", at) > at && dom.indexOf("<svg", at) < dom.indexOf("</figure>", at),
                        "plot " + id + " is an inline SVG");
            }
        }
        assertTrue(drawn >= 3, "energy-accuracy, rank-rank and precision plots: " + drawn);
        int cards = report.getAsJsonObject("tables").getAsJsonObject("recommendation").getAsJsonArray("tables").size();
        assertEquals(drawn + cards, count(dom, "<svg"), "the plots, and one reference to a plot per recommendation");
        assertTrue(dom.contains("energy-accuracy-1") && dom.contains("rank-rank-1") && dom.contains("precision-1"));

        // #sort=t-netscore-1:1 sorted the NetScore table by model name: deit_small before deit_tiny
        int table = dom.indexOf("id=\"t-netscore-1\"");
        String ns = dom.substring(table, dom.indexOf("</table>", table));
        assertTrue(ns.indexOf("deit_small_patch16_224") < ns.indexOf("deit_tiny_patch16_224"), ns);
        assertTrue(ns.contains("aria-sort=\"ascending\""));
        // unsorted, NetScore rank 1 (deit_tiny) comes first
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.indexOf("id=\"answer\"") < html.indexOf("id=\"netscore\""), "the answer comes first");
        int t0 = html.indexOf("id=\"t-netscore-1\"");
        String raw = html.substring(t0, html.indexOf("</table>", t0));
        assertTrue(raw.indexOf("deit_tiny_patch16_224") < raw.indexOf("deit_small_patch16_224"));
        assertFalse(html.contains("http://") && html.contains("src=\"http"), "nothing fetched from a network");
    }

    /** What the first screen shows, measured by the page's own layout (CSS px). */
    static final String LAYOUT = """
            (() => {
              const card = document.querySelector('#answer .answer-card');
              const table = card.querySelector('table.answer');
              const best = table.tBodies[0].rows[0].getBoundingClientRect();
              const t = table.getBoundingClientRect();
              const plot = card.querySelector('.answer-plot').getBoundingClientRect();
              const first = [...document.querySelectorAll('section:not(#answer) .scroll')].slice(0, 3)
                  .map(s => ({id: s.querySelector('table').id, scroll: s.scrollWidth, client: s.clientWidth}));
              return {vw: innerWidth, vh: innerHeight, page: document.documentElement.scrollWidth,
                bestTop: best.top, bestBottom: best.bottom, tableBottom: t.bottom, tableRight: t.right,
                plotTop: plot.top, plotLeft: plot.left, plotBottom: plot.bottom,
                bestText: table.tBodies[0].rows[0].cells[0].textContent, first: first};
            })()""";

    @Test
    void theFirstScreenIsTheAnswerAtLaptopAndDesktopSizes() throws Exception {
        needChromium();
        Path shots = Path.of("target", "chromium").toAbsolutePath();
        try (Chromium c = Chromium.start(dir.resolve("profile-cdp"))) {
            for (int[] size : new int[][] {{1366, 768}, {1920, 1080}}) {
                Chromium.Page page = c.open(out.resolve("index.html").toUri().toString(), size[0], size[1]);
                page.waitFor("document.body.getAttribute('data-ready') === '1'");
                JsonObject l = page.eval(LAYOUT).getAsJsonObject();
                String at = size[0] + "×" + size[1] + ": " + l;
                assertEquals(size[0], l.get("vw").getAsInt(), at);
                assertEquals(size[1], l.get("vh").getAsInt(), at);
                assertEquals("best SAM5", l.get("bestText").getAsString(), at);
                assertTrue(l.get("bestTop").getAsDouble() >= 0 && l.get("bestBottom").getAsDouble() <= size[1],
                        "the best configuration is on the first screen: " + at);
                assertTrue(l.get("tableBottom").getAsDouble() <= size[1], "the whole recommendation fits: " + at);
                assertTrue(l.get("plotTop").getAsDouble() < size[1] / 2.0, "its plot starts on the first screen: " + at);
                assertTrue(l.get("plotLeft").getAsDouble() >= l.get("tableRight").getAsDouble(),
                        "the plot is beside the recommendation: " + at);
                assertTrue(l.get("page").getAsInt() <= size[0], "no horizontal scroll of the page: " + at);
                for (JsonElement f : l.getAsJsonArray("first")) {
                    JsonObject t = f.getAsJsonObject();
                    assertTrue(t.get("scroll").getAsInt() <= t.get("client").getAsInt(),
                            "no horizontal scroll on table " + t.get("id") + ": " + at);
                }
                Path shot = page.screenshot(shots.resolve("index-" + size[0] + "x" + size[1] + ".png"));
                System.out.println("screenshot of index.html at " + size[0] + "×" + size[1] + ": " + shot);
                assertNotBlank(shot, size[0], size[1]);
                assertEquals(List.of(), page.console(), "console messages or exceptions at " + at);
            }
        }
    }

    @Test
    void consoleMessagesAreCaught() throws Exception {
        needChromium();
        Path bad = Files.writeString(dir.resolve("broken-cdp.html"),
                "<!DOCTYPE html><html><body><script>console.warn('careful'); missingFunction();</script></body></html>");
        try (Chromium c = Chromium.start(dir.resolve("profile-cdp-neg"))) {
            Chromium.Page page = c.open(bad.toUri().toString(), 800, 600);
            List<String> console = page.console();
            assertTrue(console.stream().anyMatch(l -> l.contains("careful")), console.toString());
            assertTrue(console.stream().anyMatch(l -> l.contains("missingFunction")), console.toString());
        }
    }

    static void assertNotBlank(Path png, int width, int height) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if ((rgb & 0xff) < 128 && ((rgb >> 8) & 0xff) < 128 && ((rgb >> 16) & 0xff) < 128) {
                    dark++;
                }
            }
        }
        assertTrue(colours.size() > 50, "distinct colours: " + colours.size());
        assertTrue(dark > 1000, "dark (text) pixels sampled: " + dark);
    }

    static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
