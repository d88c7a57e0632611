package com.atelier.functions.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;

/**
 * A multipart/form-data body (RFC 7578), parsed with Commons FileUpload: each part by its field name,
 * files with their bytes. A part larger than the limit is refused naming its field.
 */
public final class MultipartForm {

    /** One field: its text, or a file's name and bytes. */
    public record Part(String name, Optional<String> filename, byte[] bytes) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Part> parts;

    private MultipartForm(Map<String, Part> parts) {
        this.parts = parts;
    }

    public Optional<Part> part(String name) {
        return Optional.ofNullable(parts.get(name));
    }

    public Map<String, Part> parts() {
        return Map.copyOf(parts);
    }

    public static MultipartForm parse(ApiRequest request, long maxPartBytes) {
        String contentType = request.header("content-type").orElse("");
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        Map<String, String> type = parser.parse(contentType, new char[] {';', ','});
        String boundary = type.get("boundary");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || boundary == null) {
            throw ApiError.invalidRequest(null, "This endpoint takes multipart/form-data, with a boundary.");
        }
        Map<String, Part> parts = new HashMap<>();
        try {
            MultipartInput input = MultipartInput.builder().setInputStream(new ByteArrayInputStream(request.body()))
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1)).get();
            boolean next = input.skipPreamble();
            while (next) {
                Map<String, String> headers = headers(input.readHeaders());
                Map<String, String> disposition = parser.parse(headers.getOrDefault("content-disposition", ""), ';');
                String name = disposition.get("name");
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                input.readBodyData(data);
                if (name != null) {
                    if (data.size() > maxPartBytes) {
                        throw ApiError.invalidRequest(name, "'" + name + "' must be smaller than "
                                + (maxPartBytes / (1024 * 1024)) + " MB.");
                    }
                    parts.put(name, new Part(name, Optional.ofNullable(disposition.get("filename")), data.toByteArray()));
                }
                next = input.readBoundary();
            }
        } catch (IOException e) {
            throw ApiError.invalidRequest(null, "The multipart body could not be read: " + e.getMessage());
        }
        return new MultipartForm(parts);
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new HashMap<>();
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
