"""Procedural scenes of coloured shapes and the captions that describe them.

The grammar (every caption is one of these, words separated by single spaces):

    single: A [SIZE] COLOUR SHAPE [POSITION] [on a BACKGROUND background]
    pair:   A COLOUR SHAPE RELATION A COLOUR SHAPE [on a BACKGROUND background]

    A          a | an (before a vowel)

    SIZE       small | large
    POSITION   on the left | on the right | at the top | at the bottom | in the centre | in the center
    RELATION   left of | right of | above | below

The Java evaluation (gpu-worker, com.atelier.worker.eval) parses the same grammar and draws the same
palette; keep the two in step.
"""
import math
import random

import numpy as np

SIZE = 64

COLOURS = {
    "red": (220, 40, 40),
    "orange": (245, 140, 20),
    "yellow": (240, 220, 40),
    "green": (40, 170, 60),
    "cyan": (40, 210, 220),
    "blue": (40, 70, 220),
    "purple": (140, 50, 200),
    "pink": (245, 130, 200),
    "white": (245, 245, 245),
    "black": (20, 20, 20),
}
BACKGROUNDS = {
    "white": (245, 245, 245),
    "black": (20, 20, 20),
    "gray": (128, 128, 128),
}
SHAPES = ["circle", "square", "triangle", "star", "cross"]
SIZES = {"small": 8.0, None: 11.0, "large": 14.0}
POSITIONS = {
    "on the left": (16, 32),
    "on the right": (48, 32),
    "at the top": (32, 16),
    "at the bottom": (32, 48),
    "in the centre": (32, 32),
    "in the center": (32, 32),
}
RELATIONS = ["left of", "right of", "above", "below"]
PAIR_RADIUS = 10.0


def shape_polygon(shape):
    """Vertices, in angle order around the centre, of a shape of radius 1 (None for the circle)."""
    if shape == "circle":
        return None
    if shape == "square":
        s = 0.85
        return [(s, s), (-s, s), (-s, -s), (s, -s)]
    if shape == "triangle":
        return [(0.0, -1.0), (1.0, 0.8), (-1.0, 0.8)]
    if shape == "star":
        points = []
        for k in range(10):
            radius = 1.05 if k % 2 == 0 else 0.45
            angle = -math.pi / 2 + k * math.pi / 5
            points.append((radius * math.cos(angle), radius * math.sin(angle)))
        return points
    if shape == "cross":
        a, w = 0.95, 0.33
        return [(w, -a), (w, -w), (a, -w), (a, w), (w, w), (w, a),
                (-w, a), (-w, w), (-a, w), (-a, -w), (-w, -w), (-w, -a)]
    raise ValueError(shape)


_SUPER = 4
_grid = (np.arange(SIZE * _SUPER) + 0.5) / _SUPER
_GX, _GY = np.meshgrid(_grid, _grid)


def coverage(shape, cx, cy, r):
    """Fraction of each pixel the shape covers (anti-aliased by 4x4 supersampling)."""
    x0, x1 = max(0, int(cx - 1.1 * r) - 1), min(SIZE, int(cx + 1.1 * r) + 2)
    y0, y1 = max(0, int(cy - 1.1 * r) - 1), min(SIZE, int(cy + 1.1 * r) + 2)
    gx = _GX[y0 * _SUPER:y1 * _SUPER, x0 * _SUPER:x1 * _SUPER]
    gy = _GY[y0 * _SUPER:y1 * _SUPER, x0 * _SUPER:x1 * _SUPER]
    dx, dy = (gx - cx) / r, (gy - cy) / r
    if shape == "circle":
        inside = dx * dx + dy * dy <= 1.0
    else:
        inside = star_shaped_inside(shape_polygon(shape), dx, dy)
    result = np.zeros((SIZE, SIZE), dtype=np.float32)
    result[y0:y1, x0:x1] = inside.reshape(y1 - y0, _SUPER, x1 - x0, _SUPER).mean(axis=(1, 3))
    return result


def star_shaped_inside(vertices, dx, dy):
    """Inside test for a polygon that every ray from the centre crosses once."""
    distance = np.hypot(dx, dy)
    angle = np.arctan2(dy, dx)
    vertex_angles = [math.atan2(y, x) for x, y in vertices]
    inside = np.zeros(dx.shape, dtype=bool)
    for i in range(len(vertices)):
        ax, ay = vertices[i]
        bx, by = vertices[(i + 1) % len(vertices)]
        start, end = vertex_angles[i], vertex_angles[(i + 1) % len(vertices)]
        span = (end - start) % (2 * math.pi)
        in_sector = ((angle - start) % (2 * math.pi)) <= span
        ux, uy = np.cos(angle), np.sin(angle)
        ex, ey = bx - ax, by - ay
        cross_edge_direction = ex * uy - ey * ux
        cross_edge_start = ex * ay - ey * ax
        with np.errstate(divide="ignore", invalid="ignore"):
            boundary = cross_edge_start / cross_edge_direction
        inside |= in_sector & (distance <= boundary)
    return inside | (distance < 1e-9)


def render(objects, background):
    """objects: (shape, colour name, cx, cy, r) tuples. Returns uint8 [64, 64, 3]."""
    image = np.empty((SIZE, SIZE, 3), dtype=np.float32)
    image[:] = BACKGROUNDS[background]
    for shape, colour, cx, cy, r in objects:
        alpha = coverage(shape, cx, cy, r)[..., None]
        image = image * (1 - alpha) + np.array(COLOURS[colour], dtype=np.float32) * alpha
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def _colour_on(rng, background, avoid=None):
    while True:
        colour = rng.choice(sorted(COLOURS))
        if COLOURS[colour] != BACKGROUNDS[background] and colour != avoid:
            return colour


def sample_scene(rng: random.Random):
    """A random scene: (caption, objects, background)."""
    background = rng.choice(sorted(BACKGROUNDS))
    say_background = rng.random() < 0.6
    if rng.random() < 0.55:
        shape = rng.choice(SHAPES)
        colour = _colour_on(rng, background)
        size = rng.choice([None, None, "small", "large"])
        position = rng.choice([None] + sorted(POSITIONS))
        r = SIZES[size] + rng.uniform(-1.0, 1.0)
        if position is None:
            cx, cy = rng.uniform(r + 2, SIZE - r - 2), rng.uniform(r + 2, SIZE - r - 2)
        else:
            cx, cy = POSITIONS[position]
            cx, cy = cx + rng.uniform(-3, 3), cy + rng.uniform(-3, 3)
        words = ["a"] + ([size] if size else []) + [colour, shape] + ([position] if position else [])
        objects = [(shape, colour, cx, cy, r)]
    else:
        first_shape, second_shape = rng.choice(SHAPES), rng.choice(SHAPES)
        first_colour = _colour_on(rng, background)
        second_colour = _colour_on(rng, background, avoid=first_colour)
        relation = rng.choice(RELATIONS)
        near, far = 18 + rng.uniform(-3, 2), 46 + rng.uniform(-2, 3)
        across = 32 + rng.uniform(-6, 6)
        first_at, second_at = {
            "left of": ((near, across), (far, across)),
            "right of": ((far, across), (near, across)),
            "above": ((across, near), (across, far)),
            "below": ((across, far), (across, near)),
        }[relation]
        r1, r2 = PAIR_RADIUS + rng.uniform(-1, 1), PAIR_RADIUS + rng.uniform(-1, 1)
        words = ["a", first_colour, first_shape, relation, "a", second_colour, second_shape]
        objects = [(first_shape, first_colour, *first_at, r1), (second_shape, second_colour, *second_at, r2)]
    if say_background:
        words += ["on a", background, "background"]
    return with_articles(" ".join(words)), objects, background


def with_articles(caption):
    """'a' before a consonant, 'an' before a vowel."""
    words = caption.split(" ")
    for i in range(len(words) - 1):
        if words[i] == "a" and words[i + 1][0] in "aeiou":
            words[i] = "an"
    return " ".join(words)


def held_out_captions(count_single=80, count_pair=60, seed=20261125):
    """Fully specified captions the training never sees; the Java evaluation reads them from a file."""
    rng = random.Random(seed)
    captions = []
    while len(captions) < count_single:
        background = rng.choice(sorted(BACKGROUNDS))
        colour = _colour_on(rng, background)
        caption = " ".join(["a", rng.choice(["small", "large"]) if rng.random() < 0.4 else "",
                            colour, rng.choice(SHAPES), rng.choice(sorted(POSITIONS)),
                            "on a", background, "background"]).replace("a  ", "a ")
        caption = with_articles(caption)
        if caption not in captions:
            captions.append(caption)
    while len(captions) < count_single + count_pair:
        background = rng.choice(sorted(BACKGROUNDS))
        first = _colour_on(rng, background)
        second = _colour_on(rng, background, avoid=first)
        caption = " ".join(["a", first, rng.choice(SHAPES), rng.choice(RELATIONS), "a", second,
                            rng.choice(SHAPES), "on a", background, "background"])
        caption = with_articles(caption)
        if caption not in captions:
            captions.append(caption)
    return captions


def vocabulary_words():
    words = {"a", "an", "on", "the", "at", "in", "of", "background"}
    words |= set(COLOURS) | set(BACKGROUNDS) | set(SHAPES) | {s for s in SIZES if s}
    for phrase in list(POSITIONS) + RELATIONS:
        words |= set(phrase.split())
    return sorted(words)
