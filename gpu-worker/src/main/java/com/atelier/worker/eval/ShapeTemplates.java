package com.atelier.worker.eval;

import java.util.List;

/**
 * The silhouettes of the bundled model's shapes, at radius 1 around their centre (y downwards), for
 * judging a found object's outline against each. They restate models/recipe/scenes.py's polygons.
 */
final class ShapeTemplates {

    static final List<String> SHAPES = List.of("circle", "square", "triangle", "star", "cross");

    private ShapeTemplates() {
    }

    static boolean inside(String shape, double x, double y) {
        return switch (shape) {
            case "circle" -> x * x + y * y <= 1;
            case "square" -> Math.abs(x) <= 0.85 && Math.abs(y) <= 0.85;
            default -> insidePolygon(polygon(shape), x, y);
        };
    }

    /** The template's extent: minimum x, maximum x, minimum y, maximum y. */
    static double[] bounds(String shape) {
        if (shape.equals("circle")) {
            return new double[] {-1, 1, -1, 1};
        }
        if (shape.equals("square")) {
            return new double[] {-0.85, 0.85, -0.85, 0.85};
        }
        double[][] vertices = polygon(shape);
        double[] bounds = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] v : vertices) {
            bounds[0] = Math.min(bounds[0], v[0]);
            bounds[1] = Math.max(bounds[1], v[0]);
            bounds[2] = Math.min(bounds[2], v[1]);
            bounds[3] = Math.max(bounds[3], v[1]);
        }
        return bounds;
    }

    private static double[][] polygon(String shape) {
        return switch (shape) {
            case "triangle" -> new double[][] {{0, -1}, {1, 0.8}, {-1, 0.8}};
            case "star" -> {
                double[][] points = new double[10][];
                for (int k = 0; k < 10; k++) {
                    double radius = k % 2 == 0 ? 1.05 : 0.45;
                    double angle = -Math.PI / 2 + k * Math.PI / 5;
                    points[k] = new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
                }
                yield points;
            }
            case "cross" -> {
                double a = 0.95;
                double w = 0.33;
                yield new double[][] {{w, -a}, {w, -w}, {a, -w}, {a, w}, {w, w}, {w, a},
                    {-w, a}, {-w, w}, {-a, w}, {-a, -w}, {-w, -w}, {-w, -a}};
            }
            default -> throw new IllegalArgumentException("no such shape: " + shape);
        };
    }

    /** Even-odd rule. */
    private static boolean insidePolygon(double[][] vertices, double x, double y) {
        boolean inside = false;
        for (int i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
            double xi = vertices[i][0];
            double yi = vertices[i][1];
            double xj = vertices[j][0];
            double yj = vertices[j][1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
