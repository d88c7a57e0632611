package com.atelier.functions.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;

/**
 * A multipart/form-data body (RFC 7578), parsed with Commons FileUpload: each part by its field name,
 * files with their bytes. Every dimension of the parse is bounded before or while the library reads
 * it (the body, the boundary, each part's headers, the number of parts, each field), and every
 * refusal is a 400 in this API's words, naming the field where there is one: the library's own
 * messages and limits are no part of the API.
 */
public final class MultipartForm {

    /** Lambda's limit on a request body; the local gateway would pass more. */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    /** RFC 2046, 5.1.1: one to 70 characters of {@code bchars}, the last not a space. */
    private static final Pattern BOUNDARY = Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");
    /** A part's Content-Disposition with a 255-character file name and its Content-Type fit with room to spare. */
    static final int MAX_PART_HEADER_BYTES = 1024;
    /** The Images API has eight fields; more parts are no request of ours. */
    static final int MAX_PARTS = 16;
    /** A text field holds at most a prompt of 1,000 characters of up to 4 bytes each, and then some. */
    static final int MAX_TEXT_FIELD_BYTES = 16 * 1024;

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

    /** @param maxFileBytes the most a file part may hold; a text part holds at most {@value #MAX_TEXT_FIELD_BYTES} bytes */
    public static MultipartForm parse(ApiRequest request, long maxFileBytes) {
        String contentType = request.header("content-type").orElse("");
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        Map<String, String> type = parser.parse(contentType, new char[] {';', ','});
        String boundary = type.get("boundary");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || boundary == null) {
            throw ApiError.invalidRequest(null, "This endpoint takes multipart/form-data, with a boundary.");
        }
        if (!BOUNDARY.matcher(boundary).matches()) {
            throw ApiError.invalidRequest(null, "The multipart boundary must be 1 to 70 of the characters RFC 2046 allows.");
        }
        if (request.body().length > MAX_BODY_BYTES) {
            throw ApiError.invalidRequest(null, "The request body is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MB.");
        }
        Map<String, Part> parts = new HashMap<>();
        try {
            MultipartInput input = MultipartInput.builder().setInputStream(new ByteArrayInputStream(request.body()))
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1))
                    .setMaxPartHeaderSize(MAX_PART_HEADER_BYTES).get();
            boolean next = input.skipPreamble();
            int count = 0;
            while (next) {
                if (++count > MAX_PARTS) {
                    throw ApiError.invalidRequest(null, "The form has more than " + MAX_PARTS + " parts.");
                }
                Map<String, String> headers = headers(input.readHeaders());
                Map<String, String> disposition = parser.parse(headers.getOrDefault("content-disposition", ""), ';');
                String name = disposition.get("name");
                Optional<String> filename = Optional.ofNullable(disposition.get("filename"));
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                input.readBodyData(data);
                if (name != null) {
                    long limit = filename.isPresent() ? maxFileBytes : MAX_TEXT_FIELD_BYTES;
                    if (data.size() > limit) {
                        throw ApiError.invalidRequest(name, "'" + name + "' must be smaller than " + readable(limit) + ".");
                    }
                    if (parts.putIfAbsent(name, new Part(name, filename, data.toByteArray())) != null) {
                        throw ApiError.invalidRequest(name, "'" + name + "' is given more than once.");
                    }
                }
                next = input.readBoundary();
            }
        } catch (FileUploadSizeException tooLong) {
            throw ApiError.invalidRequest(null, "A part's headers are longer than " + MAX_PART_HEADER_BYTES + " bytes.");
        } catch (IOException malformed) {
            throw ApiError.invalidRequest(null, "The multipart body is not well formed (RFC 7578): it could not be read.");
        }
        return new MultipartForm(parts);
    }

    private static String readable(long bytes) {
        return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
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
