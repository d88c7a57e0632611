package com.atelier.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG files an attacker would send, written chunk by chunk with the CRCs of PNG's spec: files that
 * declare any size over a little pixel data (a decompression bomb, when the size is large), and
 * whole files with one byte changed.
 */
public final class HostilePngs {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int RGBA = 6;

    private HostilePngs() {
    }

    /**
     * An 8-bit RGBA PNG declaring this size, its IDAT the deflated zeros of up to {@code rawBytes}
     * bytes: rows of transparent black, all of them when {@code rawBytes} covers the declared size.
     */
    public static byte[] declaring(long widthPixels, long heightPixels, int rawBytes) {
        ByteBuffer header = ByteBuffer.allocate(13).putInt((int) widthPixels).putInt((int) heightPixels)
                .put((byte) 8).put((byte) RGBA).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", header.array());
        chunk(out, "IDAT", deflate(new byte[rawBytes]));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A whole, decodable transparent square of this side. */
    public static byte[] transparentSquare(int sidePixels) {
        return declaring(sidePixels, sidePixels, sidePixels * (4 * sidePixels + 1));
    }

    /** The file with the byte at {@code position} changed by {@code delta} (not a multiple of 256). */
    public static byte[] withByteChanged(byte[] png, int position, int delta) {
        byte[] changed = png.clone();
        changed[position] = (byte) (changed[position] + delta);
        return changed;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
