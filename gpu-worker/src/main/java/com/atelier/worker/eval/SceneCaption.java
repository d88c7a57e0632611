package com.atelier.worker.eval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caption of the bundled model's grammar (models/recipe/scenes.py), parsed:
 * {@code a [small|large] COLOUR SHAPE [POSITION] [on a BACKGROUND background]} or
 * {@code a COLOUR SHAPE RELATION a COLOUR SHAPE [on a BACKGROUND background]}.
 */
public record SceneCaption(String text, List<ShapeSpec> objects, Optional<Relation> relation,
                           Optional<Position> position, Optional<String> background) {

    public record ShapeSpec(String colour, String shape) {
    }

    public enum Position { LEFT, RIGHT, TOP, BOTTOM, CENTRE }

    public enum Relation { LEFT_OF, RIGHT_OF, ABOVE, BELOW }

    private static final String COLOUR = "(" + String.join("|", ScenePalette.OBJECT_COLOURS.keySet()) + ")";
    private static final String SHAPE = "(" + String.join("|", ShapeTemplates.SHAPES) + ")";
    private static final String BACKGROUND = "(?: on a (" + String.join("|", ScenePalette.BACKGROUNDS.keySet()) + ") background)?";
    private static final Pattern SINGLE = Pattern.compile("an? (?:(small|large) )?" + COLOUR + " " + SHAPE
            + "(?: (on the left|on the right|at the top|at the bottom|in the centre|in the center))?" + BACKGROUND);
    private static final Pattern PAIR = Pattern.compile("an? " + COLOUR + " " + SHAPE
            + " (left of|right of|above|below) an? " + COLOUR + " " + SHAPE + BACKGROUND);

    public boolean isPair() {
        return objects.size() == 2;
    }

    public static Optional<SceneCaption> parse(String caption) {
        String text = caption.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher single = SINGLE.matcher(text);
        if (single.matches()) {
            return Optional.of(new SceneCaption(text, List.of(new ShapeSpec(single.group(2), single.group(3))),
                    Optional.empty(), Optional.ofNullable(single.group(4)).map(SceneCaption::position),
                    Optional.ofNullable(single.group(5))));
        }
        Matcher pair = PAIR.matcher(text);
        if (pair.matches()) {
            return Optional.of(new SceneCaption(text,
                    List.of(new ShapeSpec(pair.group(1), pair.group(2)), new ShapeSpec(pair.group(4), pair.group(5))),
                    Optional.of(Relation.valueOf(pair.group(3).toUpperCase(Locale.ROOT).replace(' ', '_'))),
                    Optional.empty(), Optional.ofNullable(pair.group(6))));
        }
        return Optional.empty();
    }

    private static Position position(String phrase) {
        return switch (phrase) {
            case "on the left" -> Position.LEFT;
            case "on the right" -> Position.RIGHT;
            case "at the top" -> Position.TOP;
            case "at the bottom" -> Position.BOTTOM;
            default -> Position.CENTRE;
        };
    }
}
