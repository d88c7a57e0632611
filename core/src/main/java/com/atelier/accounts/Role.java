package com.atelier.accounts;

public enum Role {
    USER,
    ADMIN
}
