package com.atelier.images;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * What a PNG file declares about itself, read from its chunks before any pixel is decoded: its size
 * (IHDR), and that every chunk is whole and its CRC right. A decoder allocates what IHDR declares, so
 * a few kilobytes declaring 16384×16384 would cost a gigabyte; and Java's decoder ignores CRCs where
 * libpng refuses them, so checking them here means every decoder downstream sees the same file.
 */
record PngHeader(long widthPixels, long heightPixels) {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int IHDR_LENGTH = 13;
    /** Length, type and CRC around each chunk's data (PNG spec, 5.3). */
    private static final int CHUNK_OVERHEAD = 12;

    /** A file that is no PNG, or a broken one. */
    static final class InvalidPngException extends Exception {
        InvalidPngException(String reason) {
            super(reason);
        }
    }

    static boolean hasSignature(byte[] file) {
        return file.length >= SIGNATURE.length && Arrays.equals(file, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /** @throws InvalidPngException when the signature, IHDR, a chunk's length or CRC, or IEND is wrong or missing */
    static PngHeader read(byte[] file) throws InvalidPngException {
        if (!hasSignature(file)) {
            throw new InvalidPngException("it does not start with the PNG signature");
        }
        ByteBuffer chunks = ByteBuffer.wrap(file, SIGNATURE.length, file.length - SIGNATURE.length);
        PngHeader header = null;
        while (chunks.remaining() >= CHUNK_OVERHEAD) {
            int start = chunks.position();
            long length = Integer.toUnsignedLong(chunks.getInt());
            if (length > chunks.remaining() - 8) {
                throw new InvalidPngException("a chunk runs past the end of the file");
            }
            String type = new String(file, start + 4, 4, StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(file, start + 4, 4 + (int) length);
            chunks.position(start + 8 + (int) length);
            if ((int) crc.getValue() != chunks.getInt()) {
                throw new InvalidPngException("the CRC of its " + type + " chunk is wrong");
            }
            if (header == null) {
                if (!type.equals("IHDR") || length != IHDR_LENGTH) {
                    throw new InvalidPngException("it does not start with an IHDR chunk");
                }
                header = new PngHeader(Integer.toUnsignedLong(chunks.getInt(start + 8)),
                        Integer.toUnsignedLong(chunks.getInt(start + 12)));
            } else if (type.equals("IEND")) {
                return header;
            }
        }
        throw new InvalidPngException("it ends before its IEND chunk");
    }
}
