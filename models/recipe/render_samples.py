"""Writes rendered scenes with their captions, for testing the Java scorer against ground truth.

    /usr/bin/python3 models/recipe/render_samples.py OUT_FOLDER [COUNT]
"""
import os
import random
import struct
import sys
import zlib

import scenes


def write_png(path, image):
    height, width, _ = image.shape
    raw = b"".join(b"\x00" + image[y].tobytes() for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                  + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    out, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 60
    os.makedirs(out, exist_ok=True)
    rng = random.Random(99)
    lines = []
    for index in range(count):
        caption, objects, background = scenes.sample_scene(rng)
        name = f"scene-{index:03d}.png"
        write_png(os.path.join(out, name), scenes.render(objects, background))
        lines.append(f"{name}\t{caption}")
    with open(os.path.join(out, "captions.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
