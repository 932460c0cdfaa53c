package io.galvani.localapi.internal;

import static io.galvani.localapi.internal.Fakes.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.galvani.localapi.api.WebContent;
import io.galvani.localapi.internal.Fakes.FakeStation;

/** Web content of other bundles served beside the API, coming and going while the server runs. */
class WebContentTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LocalApi api = new LocalApi(config(0), new FakeStation().connector(1, 1, "cCCS2"), "CS-TEST-1");

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void handlerBoundBeforeStart_servesItsPath_besideTheApi() throws Exception {
        api.bindWebContent(text("console page"), Map.of(WebContent.PATH, "/console"));
        api.start();

        assertThat(get("/console").body()).isEqualTo("console page /console");
        assertThat(get("/console/app.js").body()).isEqualTo("console page /console/app.js");
        assertThat(get("/api/v1/status").statusCode()).isEqualTo(200);
        assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void handlerComingAndGoingWhileRunning_rootCatchesTheRest_apiKeepsItsPath() throws Exception {
        api.start();
        Handler display = text("display");
        api.bindWebContent(display, Map.of(WebContent.PATH, "/"));
        api.bindWebContent(text("intruder"), Map.of(WebContent.PATH, "/api"));
        api.bindWebContent(text("second root"), Map.of(WebContent.PATH, "/"));
        api.bindWebContent(text("no path"), Map.of(WebContent.PATH, "console"));

        assertThat(get("/").body()).isEqualTo("display /");
        assertThat(get("/anything").body()).isEqualTo("display /anything");
        assertThat(get("/api/v1/status").statusCode()).isEqualTo(200);

        api.unbindWebContent(display);
        assertThat(get("/").statusCode()).isEqualTo(404);
        api.bindWebContent(display, Map.of(WebContent.PATH, "/"));
        assertThat(get("/").body()).isEqualTo("display /");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Answers with its name and the full request path. */
    private static Handler text(String name) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                Content.Sink.write(response, true, name + " " + request.getHttpURI().getPath(), callback);
                return true;
            }
        };
    }
}
