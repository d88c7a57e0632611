package com.atelier.local.logs;

import picocli.CommandLine;

import java.util.Locale;

/** Where the functions' and the worker's JSON lines and metric (EMF) lines go in {@code ./atelier up}. */
public enum LogFormat {
    /** To files under the state folder; the console shows one line per request and warnings in words. */
    TEXT,
    /** To the console as well, as Lambda's log would hold them, for a reader such as jq. */
    JSON;

    /** {@code --log-format text|json}. */
    public static final class Converter implements CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected text or json, not '" + value + "'");
            }
        }
    }
}
