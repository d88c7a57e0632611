package com.atelier.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {

    // FIPS 180-2, appendix B.1 ("abc"), and the digest of no bytes at all.
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void matchesTheStandardsTestVectors() {
        assertThat(Sha256.hex("abc")).isEqualTo(ABC);
        assertThat(Sha256.hex(new byte[0])).isEqualTo(EMPTY);
        assertThat(Sha256.bytes("abc")).isEqualTo(HexFormat.of().parseHex(ABC));
    }

    @Test
    void textIsHashedAsItsUtf8Bytes() {
        String text = "crème brûlée ✓";
        assertThat(Sha256.hex(text)).isEqualTo(Sha256.hex(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(Sha256.bytes(text)).isEqualTo(Sha256.bytes(text.getBytes(StandardCharsets.UTF_8))).hasSize(32);
    }
}
