package io.galvani.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The console's pages, shipped in the bundle (no CDN, no build step): a fixed set of files read once from the
 * bundle's class path. Anything else is 404; the HTML carries a Content-Security-Policy that allows scripts,
 * styles and connections to this server only.
 */
final class StaticFiles {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html;charset=utf-8",
            "console.css", "text/css;charset=utf-8",
            "console.js", "text/javascript;charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, byte[]> content;

    StaticFiles(String folder) {
        java.util.HashMap<String, byte[]> loaded = new java.util.HashMap<>();
        for (String name : FILES.keySet()) {
            try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(folder + "/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("console file " + folder + "/" + name + " missing from the bundle");
                }
                loaded.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.content = Map.copyOf(loaded);
    }

    boolean serve(String path, String method, Response response, Callback callback) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        byte[] bytes = content.get(name);
        int status = 200;
        String type = FILES.get(name);
        if (bytes == null) {
            status = 404;
            bytes = ("Not found: /console" + path + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            type = "text/plain;charset=utf-8";
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            status = 405;
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            bytes = new byte[0];
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        if (name.equals("index.html")) {
            response.getHeaders().put("Content-Security-Policy", CSP);
            response.getHeaders().put("Referrer-Policy", "no-referrer");
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
