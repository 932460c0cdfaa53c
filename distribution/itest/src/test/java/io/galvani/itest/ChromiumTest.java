package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import com.sun.net.httpserver.HttpServer;

/** The browser fixture itself: chromium starts, renders a loopback page, and a screenshot is written. */
class ChromiumTest {

    @Test
    void rendersALoopbackPage_andTakesAScreenshot() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<html><body><h1 id='t'>Galvani</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (Chromium chromium = new Chromium()) {
            chromium.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertThat(chromium.driver().findElement(By.id("t")).getText()).isEqualTo("Galvani");
            assertThat(chromium.screenshot("chromium-fixture")).isNotEmptyFile();
        } finally {
            server.stop(0);
        }
    }
}
