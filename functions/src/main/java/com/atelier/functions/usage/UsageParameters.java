package com.atelier.functions.usage;

import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiRequest;
import com.atelier.usage.BucketWidth;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The query parameters of OpenAI's usage and costs routes, checked as its API reference has them. A
 * list parameter comes repeated ({@code group_by=a&group_by=b}, which API Gateway joins with commas),
 * as {@code group_by[]=…}, or comma-separated: so list values cannot themselves hold a comma.
 */
final class UsageParameters {

    /** OpenAI's times are Unix seconds; this bound keeps them within what an Instant holds. */
    private static final long LATEST_SECOND = 253_402_300_799L;
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");

    private UsageParameters() {
    }

    static Instant startTime(ApiRequest request) {
        return seconds(request, "start_time").orElseThrow(() -> ApiError.missingParameter("start_time"));
    }

    static Optional<Instant> endTime(ApiRequest request, Instant start) {
        Optional<Instant> end = seconds(request, "end_time");
        if (end.isPresent() && !end.get().isAfter(start)) {
            throw ApiError.invalidRequest("end_time", "'end_time' must be after 'start_time'.");
        }
        return end;
    }

    static BucketWidth bucketWidth(ApiRequest request) {
        return request.query("bucket_width").map(name -> BucketWidth.named(name).orElseThrow(() -> ApiError.invalidRequest(
                "bucket_width", "'" + name + "' is not one of ['1m', '1h', '1d'] - 'bucket_width'"))).orElse(BucketWidth.DAY);
    }

    /** The costs route has daily buckets only. */
    static void dailyOnly(ApiRequest request) {
        request.query("bucket_width").filter(name -> !name.equals(BucketWidth.DAY.wireName())).ifPresent(name -> {
            throw ApiError.invalidRequest("bucket_width", "'" + name + "' is not one of ['1d'] - 'bucket_width'");
        });
    }

    static int limit(ApiRequest request, int defaultLimit, int maxLimit) {
        return request.pageLimit(defaultLimit, maxLimit);
    }

    static Optional<String> page(ApiRequest request) {
        return request.query("page");
    }

    /** A list parameter's values, each checked by {@code parse} (which throws for a value it refuses). */
    static <T> Set<T> list(ApiRequest request, String name, Function<String, T> parse) {
        Set<T> values = new LinkedHashSet<>();
        for (String raw : new String[]{request.query(name).orElse(""), request.query(name + "[]").orElse("")}) {
            Arrays.stream(raw.split(",")).map(String::trim).filter(value -> !value.isEmpty()).map(parse).forEach(values::add);
        }
        return values;
    }

    /** A list parameter whose values are free text: ids, names. */
    static Set<String> texts(ApiRequest request, String name) {
        return list(request, name, value -> {
            if (value.length() > 256) {
                throw ApiError.invalidRequest(name, "'" + name + "' values have at most 256 characters.");
            }
            return value;
        });
    }

    private static Optional<Instant> seconds(ApiRequest request, String name) {
        return request.query(name).map(text -> {
            if (!UNIX_SECONDS.matcher(text).matches() || Long.parseLong(text) > LATEST_SECOND) {
                throw ApiError.invalidRequest(name, "'" + name + "' must be a time in Unix seconds.");
            }
            return Instant.ofEpochSecond(Long.parseLong(text));
        });
    }
}
