package io.galvani.localapi.internal;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty itself produces (a malformed request line, headers too large, an exception
 * escaping the handler) in the API's format {@code {"error": "..."}} instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiHandler.JSON_TYPE);
        response.write(true, ByteBuffer.wrap(ApiHandler.errorBody(describe(code, message))), callback);
    }

    private static String describe(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        return message == null || message.isBlank() || message.equals(reason) ? reason : reason + ": " + message;
    }
}
