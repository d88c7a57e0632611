package com.atelier.worker.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** The colours of the bundled model's scenes, as models/recipe/scenes.py draws them (RGB). */
final class ScenePalette {

    static final Map<String, int[]> OBJECT_COLOURS = new LinkedHashMap<>();
    static final Map<String, int[]> BACKGROUNDS = new LinkedHashMap<>();

    static {
        OBJECT_COLOURS.put("red", new int[] {220, 40, 40});
        OBJECT_COLOURS.put("orange", new int[] {245, 140, 20});
        OBJECT_COLOURS.put("yellow", new int[] {240, 220, 40});
        OBJECT_COLOURS.put("green", new int[] {40, 170, 60});
        OBJECT_COLOURS.put("cyan", new int[] {40, 210, 220});
        OBJECT_COLOURS.put("blue", new int[] {40, 70, 220});
        OBJECT_COLOURS.put("purple", new int[] {140, 50, 200});
        OBJECT_COLOURS.put("pink", new int[] {245, 130, 200});
        OBJECT_COLOURS.put("white", new int[] {245, 245, 245});
        OBJECT_COLOURS.put("black", new int[] {20, 20, 20});
        BACKGROUNDS.put("white", new int[] {245, 245, 245});
        BACKGROUNDS.put("black", new int[] {20, 20, 20});
        BACKGROUNDS.put("gray", new int[] {128, 128, 128});
    }

    private ScenePalette() {
    }
}
