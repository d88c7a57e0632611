package com.atelier.config;

/** A setting with a value Atelier cannot run with; the message names the variable and what it expects. */
public final class ConfigurationException extends IllegalArgumentException {

    public ConfigurationException(String variable, String value, String expected) {
        super(variable + "='" + value + "' is not valid: expected " + expected);
    }
}
