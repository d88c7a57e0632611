package com.atelier.accounts;

public enum AccountStatus {
    ACTIVE,
    SUSPENDED
}
