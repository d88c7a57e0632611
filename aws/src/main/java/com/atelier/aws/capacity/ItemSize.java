package com.atelier.aws.capacity;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size by DynamoDB's rules (Developer Guide, "Item sizes and formats"), which is what a
 * write is billed on (one WCU per started 1 KB, the larger of the item before and after), what a
 * strongly consistent read is billed on (one RCU per started 4 KB) and what the 400 KB item limit
 * applies to. Strings and binaries count their bytes, a number one byte per two significant digits
 * plus one, a boolean or null one byte, a list or map three bytes plus one per element, and every
 * attribute and map key its name's UTF-8 bytes.
 */
public final class ItemSize {

    private ItemSize() {
    }

    public static int bytes(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return size;
    }

    /** Units a write of an item this size costs, on the table and on each index it is written to. */
    public static int writeUnits(int bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    private static int valueBytes(AttributeValue value) {
        switch (value.type()) {
            case S:
                return utf8(value.s());
            case N:
                return numberBytes(value.n());
            case B:
                return value.b().asByteArray().length;
            case BOOL:
            case NUL:
                return 1;
            case SS:
                return value.ss().stream().mapToInt(ItemSize::utf8).sum();
            case NS:
                return value.ns().stream().mapToInt(ItemSize::numberBytes).sum();
            case BS:
                return value.bs().stream().mapToInt(bytes -> bytes.asByteArray().length).sum();
            case L:
                return 3 + value.l().stream().mapToInt(element -> 1 + valueBytes(element)).sum();
            case M:
                return 3 + value.m().entrySet().stream()
                        .mapToInt(entry -> 1 + utf8(entry.getKey()) + valueBytes(entry.getValue())).sum();
            default:
                throw new IllegalArgumentException("no size rule for a value of type " + value.type());
        }
    }

    private static int numberBytes(String number) {
        String digits = new BigDecimal(number).stripTrailingZeros().unscaledValue().abs().toString();
        int significant = digits.equals("0") ? 1 : digits.length();
        return (significant + 1) / 2 + 1;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
