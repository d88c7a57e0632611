package com.atelier.local.gateway;

import com.atelier.api.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records every exchange on a route of the API, for the check in {@code tests/} that each request and
 * answer agrees with the API's OpenAPI description ({@code com.atelier.api.ApiDescription}): one JSON
 * line per exchange in {@code $ATELIER_API_EXCHANGE_LOG/exchanges-<pid>-<random>.jsonl}, so that test
 * JVMs and the {@code ./atelier up} children they start (which inherit the variable) write beside
 * each other. Without the variable the gateway has no log and records nothing.
 *
 * <p>Bodies the handlers read as JSON are kept whole, as text, whatever content type the client
 * named (curl's {@code -d} names a form); PNGs and multipart forms only by their content type and
 * size, which is all the check reads of them.
 */
final class ExchangeLog {

    static final String LOG_DIR_VARIABLE = "ATELIER_API_EXCHANGE_LOG";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private Writer writer;

    private ExchangeLog(Path dir) {
        this.file = dir.resolve("exchanges-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".jsonl");
    }

    static Optional<ExchangeLog> fromEnvironment() {
        String dir = System.getenv(LOG_DIR_VARIABLE);
        return dir == null || dir.isBlank() ? Optional.empty() : Optional.of(new ExchangeLog(Path.of(dir).toAbsolutePath()));
    }

    synchronized void record(Route route, IncomingRequest request, int status, Map<String, String> responseHeaders,
                             byte[] responseBody) {
        ObjectNode line = JSON.createObjectNode()
                .put("method", route.method())
                .put("path", route.pathTemplate())
                .put("rawPath", request.rawPath())
                .put("query", request.rawQueryString());
        body(line.putObject("request"), request.header("content-type"), request.body());
        ObjectNode response = line.putObject("response").put("status", status);
        ObjectNode headers = response.putObject("headers");
        responseHeaders.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        body(response, responseHeaders.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue).findFirst().orElse(null), responseBody);
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            }
            writer.write(JSON.writeValueAsString(line));
            writer.write('\n');
            // The stack may be stopped by a signal that closes nothing: every line goes through at once.
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not record an exchange in " + file, e);
        }
    }

    private static void body(ObjectNode target, String contentType, byte[] body) {
        if (contentType != null) {
            target.put("contentType", contentType);
        }
        target.put("bytes", body.length);
        if (body.length > 0 && (contentType == null || isText(contentType))) {
            target.put("body", new String(body, StandardCharsets.UTF_8));
        }
    }

    private static boolean isText(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return !mediaType.startsWith("multipart/") && !mediaType.startsWith("image/")
                && !mediaType.equals("application/octet-stream");
    }
}
