package org.vitwatt.reports.render;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven through the Chrome DevTools Protocol over a WebSocket (the JDK's client): open a page at
 * a viewport size, evaluate JavaScript in it, collect every console message and uncaught exception, take a screenshot.
 * The launch flags are those that work in a container without a display or a network.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final long TIMEOUT_S = 60;

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts Chromium with a new, empty profile in {@code profile}. */
    static Chromium start(Path profile) throws Exception {
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    lines.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IOException("chromium exited before listening: " + lines));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String ws;
        try {
            ws = url.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(ws), listener).get(TIMEOUT_S, TimeUnit.SECONDS);
        Chromium c = new Chromium(p, socket);
        listener.owner = c;
        c.stderr.addAll(lines);
        return c;
    }

    /** Sends a command and waits for its result. */
    JsonObject send(String sessionId, String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject msg = new JsonObject();
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params == null ? new JsonObject() : params);
        if (sessionId != null) {
            msg.addProperty("sessionId", sessionId);
        }
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(msg.toString(), true).get(TIMEOUT_S, TimeUnit.SECONDS);
        JsonObject reply = f.get(TIMEOUT_S, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + ": " + reply.get("error"));
        }
        return reply.getAsJsonObject("result");
    }

    /** A page (tab) of this browser. */
    final class Page {
        final String session;

        private Page(String session) {
            this.session = session;
        }

        /** The value of a JavaScript expression (JSON-serialisable). */
        JsonElement eval(String expression) throws Exception {
            JsonObject p = new JsonObject();
            p.addProperty("expression", expression);
            p.addProperty("returnByValue", true);
            JsonObject r = send(session, "Runtime.evaluate", p);
            if (r.has("exceptionDetails")) {
                throw new AssertionError("page script failed: " + r.get("exceptionDetails"));
            }
            return r.getAsJsonObject("result").get("value");
        }

        /** Waits until {@code condition} (a JavaScript expression) is true. */
        void waitFor(String condition) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (System.nanoTime() < end) {
                JsonElement v = eval("!!(" + condition + ")");
                if (v != null && v.getAsBoolean()) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("timed out waiting for " + condition);
        }

        /** Every console message, uncaught exception and browser log entry of this page so far. */
        List<String> console() {
            List<String> out = new ArrayList<>();
            for (JsonObject e : events) {
                if (!session.equals(e.has("sessionId") ? e.get("sessionId").getAsString() : "")) {
                    continue;
                }
                String m = e.get("method").getAsString();
                if (m.equals("Runtime.consoleAPICalled") || m.equals("Runtime.exceptionThrown")
                        || m.equals("Log.entryAdded")) {
                    out.add(m + " " + e.get("params"));
                }
            }
            return out;
        }

        /** A PNG of the viewport, written to {@code file}. */
        Path screenshot(Path file) throws Exception {
            JsonObject p = new JsonObject();
            p.addProperty("format", "png");
            JsonObject r = send(session, "Page.captureScreenshot", p);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(r.get("data").getAsString()));
            return file;
        }
    }

    /** Opens {@code url} in a new tab whose viewport is {@code width} × {@code height} CSS px, and waits for load. */
    Page open(String url, int width, int height) throws Exception {
        JsonObject t = new JsonObject();
        t.addProperty("url", "about:blank");
        String target = send(null, "Target.createTarget", t).get("targetId").getAsString();
        JsonObject a = new JsonObject();
        a.addProperty("targetId", target);
        a.addProperty("flatten", true);
        String session = send(null, "Target.attachToTarget", a).get("sessionId").getAsString();
        for (String domain : List.of("Runtime.enable", "Log.enable", "Page.enable")) {
            send(session, domain, null);
        }
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", width);
        metrics.addProperty("height", height);
        metrics.addProperty("deviceScaleFactor", 1);
        metrics.addProperty("mobile", false);
        send(session, "Emulation.setDeviceMetricsOverride", metrics);
        JsonObject nav = new JsonObject();
        nav.addProperty("url", url);
        send(session, "Page.navigate", nav);
        Page page = new Page(session);
        page.waitFor("document.readyState === 'complete'");
        return page;
    }

    /** Chromium's stderr so far (for a failure message). */
    List<String> stderr() {
        return stderr;
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the process is ended below either way
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static final class Listener implements WebSocket.Listener {
        volatile Chromium owner;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject msg = JsonParser.parseString(partial.toString()).getAsJsonObject();
                partial.setLength(0);
                Chromium c = owner;
                if (c != null) {
                    if (msg.has("id")) {
                        CompletableFuture<JsonObject> f = c.pending.remove(msg.get("id").getAsInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        c.events.add(msg);
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}
