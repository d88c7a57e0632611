package com.atelier.worker.eval;

import com.atelier.worker.eval.SceneCaption.Position;
import com.atelier.worker.eval.SceneCaption.ShapeSpec;
import com.atelier.worker.pipeline.Pixels;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges an image against a caption of the bundled model's grammar by looking only at its pixels:
 * the background is the border's median colour; each other pixel is explained as a blend of the
 * background and one palette colour (so anti-aliased and blurred edges count for their object, not
 * for a neighbouring colour); objects are the connected regions of one colour; an object's shape is
 * the template whose silhouette, fitted to the region's bounding box, overlaps it most (IoU); its
 * position is where its centroid lies.
 */
public final class SceneScorer {

    static final int SIDE = 64;
    private static final int MINIMUM_AREA_PIXELS = 12;
    private static final double MAXIMUM_RESIDUAL = 60;
    private static final int CENTRE_TOLERANCE_PIXELS = 8;

    /** An object found in an image, in 64×64 pixel coordinates. */
    public record FoundObject(String colour, String shape, double centreX, double centreY, int areaPixels) {
    }

    /** What an image got right of its caption; position only for single objects that state one, binding only for pairs. */
    public record Judgement(SceneCaption caption, List<FoundObject> found, boolean colourRight, boolean shapeRight,
                            Optional<Boolean> positionRight, Optional<Boolean> bindingRight) {
    }

    public Judgement judge(SceneCaption caption, BufferedImage image) {
        List<FoundObject> found = findObjects(image);
        if (!caption.isPair()) {
            ShapeSpec wanted = caption.objects().get(0);
            Optional<FoundObject> main = found.stream().findFirst();
            boolean colour = main.map(o -> o.colour().equals(wanted.colour())).orElse(false);
            boolean shape = main.map(o -> o.shape().equals(wanted.shape())).orElse(false);
            Optional<Boolean> position = caption.position()
                    .map(p -> main.map(o -> positionOf(o) == p).orElse(false));
            return new Judgement(caption, found, colour, shape, position, Optional.empty());
        }
        ShapeSpec first = caption.objects().get(0);
        ShapeSpec second = caption.objects().get(1);
        if (found.size() < 2) {
            return new Judgement(caption, found, false, false, Optional.empty(), Optional.of(false));
        }
        FoundObject a = found.get(0);
        FoundObject b = found.get(1);
        boolean aComesFirst = switch (caption.relation().orElseThrow()) {
            case LEFT_OF -> a.centreX() < b.centreX();
            case RIGHT_OF -> a.centreX() > b.centreX();
            case ABOVE -> a.centreY() < b.centreY();
            case BELOW -> a.centreY() > b.centreY();
        };
        FoundObject firstFound = aComesFirst ? a : b;
        FoundObject secondFound = aComesFirst ? b : a;
        boolean colours = firstFound.colour().equals(first.colour()) && secondFound.colour().equals(second.colour());
        boolean shapes = firstFound.shape().equals(first.shape()) && secondFound.shape().equals(second.shape());
        return new Judgement(caption, found, colours, shapes, Optional.empty(), Optional.of(colours && shapes));
    }

    static Position positionOf(FoundObject object) {
        double dx = object.centreX() - SIDE / 2.0;
        double dy = object.centreY() - SIDE / 2.0;
        if (Math.max(Math.abs(dx), Math.abs(dy)) < CENTRE_TOLERANCE_PIXELS) {
            return Position.CENTRE;
        }
        if (Math.abs(dx) > Math.abs(dy)) {
            return dx < 0 ? Position.LEFT : Position.RIGHT;
        }
        return dy < 0 ? Position.TOP : Position.BOTTOM;
    }

    /** The objects of an image, largest first. */
    public List<FoundObject> findObjects(BufferedImage image) {
        BufferedImage scaled = Pixels.resize(image, SIDE);
        int[] rgb = scaled.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE);
        int[] background = borderMedian(rgb);
        List<String> colours = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : ScenePalette.OBJECT_COLOURS.entrySet()) {
            if (distance(entry.getValue(), background) > 40) {
                colours.add(entry.getKey());
            }
        }
        int[] labels = new int[rgb.length];
        Arrays.fill(labels, -1);
        for (int i = 0; i < rgb.length; i++) {
            labels[i] = explain(rgb[i], background, colours);
        }
        List<FoundObject> found = new ArrayList<>();
        boolean[] seen = new boolean[rgb.length];
        for (int start = 0; start < rgb.length; start++) {
            if (labels[start] < 0 || seen[start]) {
                continue;
            }
            List<Integer> region = region(labels, seen, start);
            if (region.size() >= MINIMUM_AREA_PIXELS) {
                found.add(describe(colours.get(labels[start]), region));
            }
        }
        found.sort(Comparator.comparingInt(FoundObject::areaPixels).reversed());
        return found;
    }

    private static int[] borderMedian(int[] rgb) {
        List<int[]> border = new ArrayList<>();
        for (int i = 0; i < SIDE; i++) {
            for (int index : new int[] {i, (SIDE - 1) * SIDE + i, i * SIDE, i * SIDE + SIDE - 1}) {
                border.add(channels(rgb[index]));
            }
        }
        int[] median = new int[3];
        for (int c = 0; c < 3; c++) {
            final int channel = c;
            int[] values = border.stream().mapToInt(p -> p[channel]).sorted().toArray();
            median[c] = values[values.length / 2];
        }
        return median;
    }

    /** The palette colour a pixel is mostly made of, blended with the background, or -1 for background. */
    private static int explain(int pixel, int[] background, List<String> colours) {
        int[] p = channels(pixel);
        int best = -1;
        double bestResidual = MAXIMUM_RESIDUAL;
        for (int k = 0; k < colours.size(); k++) {
            int[] c = ScenePalette.OBJECT_COLOURS.get(colours.get(k));
            double dot = 0;
            double norm = 0;
            for (int ch = 0; ch < 3; ch++) {
                dot += (p[ch] - background[ch]) * (double) (c[ch] - background[ch]);
                norm += (c[ch] - background[ch]) * (double) (c[ch] - background[ch]);
            }
            double alpha = Math.min(1.2, dot / norm);
            if (alpha < 0.5) {
                continue;
            }
            double residual = 0;
            for (int ch = 0; ch < 3; ch++) {
                double r = p[ch] - background[ch] - alpha * (c[ch] - background[ch]);
                residual += r * r;
            }
            residual = Math.sqrt(residual);
            if (residual < bestResidual) {
                bestResidual = residual;
                best = k;
            }
        }
        return best;
    }

    private static List<Integer> region(int[] labels, boolean[] seen, int start) {
        List<Integer> region = new ArrayList<>();
        int[] stack = new int[labels.length];
        int top = 0;
        stack[top++] = start;
        seen[start] = true;
        while (top > 0) {
            int index = stack[--top];
            region.add(index);
            int x = index % SIDE;
            int y = index / SIDE;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx;
                    int ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= SIDE || ny >= SIDE) {
                        continue;
                    }
                    int next = ny * SIDE + nx;
                    if (!seen[next] && labels[next] == labels[start]) {
                        seen[next] = true;
                        stack[top++] = next;
                    }
                }
            }
        }
        return region;
    }

    private static FoundObject describe(String colour, List<Integer> region) {
        boolean[] mask = new boolean[SIDE * SIDE];
        double sumX = 0;
        double sumY = 0;
        int minX = SIDE;
        int maxX = 0;
        int minY = SIDE;
        int maxY = 0;
        for (int index : region) {
            mask[index] = true;
            int x = index % SIDE;
            int y = index / SIDE;
            sumX += x + 0.5;
            sumY += y + 0.5;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        String bestShape = null;
        double bestOverlap = -1;
        for (String shape : ShapeTemplates.SHAPES) {
            double overlap = silhouetteOverlap(shape, mask, minX, maxX + 1, minY, maxY + 1);
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                bestShape = shape;
            }
        }
        return new FoundObject(colour, bestShape, sumX / region.size(), sumY / region.size(), region.size());
    }

    /** IoU of the region and the template stretched over the region's bounding box. */
    private static double silhouetteOverlap(String shape, boolean[] mask, int left, int right, int top, int bottom) {
        double[] bounds = ShapeTemplates.bounds(shape);
        double scaleX = (bounds[1] - bounds[0]) / (right - left);
        double scaleY = (bounds[3] - bounds[2]) / (bottom - top);
        int intersection = 0;
        int union = 0;
        for (int y = Math.max(0, top - 1); y < Math.min(SIDE, bottom + 1); y++) {
            for (int x = Math.max(0, left - 1); x < Math.min(SIDE, right + 1); x++) {
                int covered = 0;
                for (int sy = 0; sy < 4; sy++) {
                    for (int sx = 0; sx < 4; sx++) {
                        double u = bounds[0] + (x + (sx + 0.5) / 4 - left) * scaleX;
                        double v = bounds[2] + (y + (sy + 0.5) / 4 - top) * scaleY;
                        if (ShapeTemplates.inside(shape, u, v)) {
                            covered++;
                        }
                    }
                }
                boolean template = covered >= 8;
                boolean region = mask[y * SIDE + x];
                if (template && region) {
                    intersection++;
                }
                if (template || region) {
                    union++;
                }
            }
        }
        return union == 0 ? 0 : (double) intersection / union;
    }

    private static int[] channels(int rgb) {
        return new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
    }

    private static double distance(int[] a, int[] b) {
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += (a[c] - b[c]) * (double) (a[c] - b[c]);
        }
        return Math.sqrt(sum);
    }
}
