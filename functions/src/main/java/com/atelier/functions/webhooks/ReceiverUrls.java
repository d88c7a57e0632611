package com.atelier.functions.webhooks;

import com.atelier.functions.http.ApiError;
import java.net.URI;
import java.net.URISyntaxException;

/** A receiver's URL as the API takes it, for an endpoint ({@code url}) or a job's callback ({@code webhook}). */
public final class ReceiverUrls {

    /** Browsers' own practical limit on a URL. */
    public static final int MAX_LENGTH = 2048;

    private ReceiverUrls() {
    }

    /** Its form only; whether Atelier may call it is {@code ReceiverAddresses}' to say. */
    public static URI parse(String field, String text) {
        try {
            URI url = new URI(text.strip());
            if (!url.isAbsolute()) {
                throw ApiError.invalidRequest(field, "'" + field + "' must be an absolute https URL.");
            }
            return url;
        } catch (URISyntaxException e) {
            throw ApiError.invalidRequest(field, "'" + field + "' is not a URL.");
        }
    }
}
