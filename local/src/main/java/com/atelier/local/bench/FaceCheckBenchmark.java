package com.atelier.local.bench;

import com.atelier.local.AtelierHome;
import com.atelier.moderation.faces.FaceDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./atelier bench-face-check}: the upload face check's time per 1024×1024 PNG, for a portrait
 * and a plain scene, beside the bare PNG decode of the same bytes (ImageIO) as a baseline.
 */
@Command(name = "bench-face-check", mixinStandardHelpOptions = true,
        description = "Time FaceDetector.detect on 1024x1024 PNG uploads against decoding them with ImageIO.")
public final class FaceCheckBenchmark implements Callable<Integer> {

    @Option(names = "--portrait", description = "A portrait photograph (default: the test set's astronaut.png).")
    Path portrait;

    @Option(names = "--runs", defaultValue = "60", description = "Measured checks per image (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws IOException {
        Path source = portrait != null ? portrait
                : AtelierHome.locate().resolve("core/src/test/resources/images/astronaut.png");
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("portrait 1024x1024", png(scaled(ImageIO.read(source.toFile()))));
        images.put("plain scene 1024x1024", png(scene()));
        FaceDetector detector = FaceDetector.fromClasspath();
        System.out.printf(Locale.ROOT, "%-24s %6s %12s %12s %13s%n", "image", "faces", "check p50 ms",
                "check p99 ms", "ImageIO p50");
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(image.getValue()));
            int faces = 0;
            for (int warmup = 0; warmup < 10; warmup++) {
                faces = detector.detect(decoded).size();
                ImageIO.read(new java.io.ByteArrayInputStream(image.getValue()));
            }
            long[] check = new long[runs];
            long[] decode = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                detector.detect(decoded);
                long middle = System.nanoTime();
                ImageIO.read(new java.io.ByteArrayInputStream(image.getValue()));
                decode[i] = System.nanoTime() - middle;
                check[i] = middle - start;
            }
            Arrays.sort(check);
            Arrays.sort(decode);
            System.out.printf(Locale.ROOT, "%-24s %6d %12.1f %12.1f %13.1f%n", image.getKey(), faces,
                    check[runs / 2] / 1e6, check[(int) Math.ceil(runs * 0.99) - 1] / 1e6, decode[runs / 2] / 1e6);
        }
        System.out.println("check = face detection on the pixels the upload's validation decoded (ImageIO, the baseline); target: under 50 ms");
        return 0;
    }

    private static BufferedImage scaled(BufferedImage source) {
        BufferedImage image = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, 1024, 1024, null);
        g.dispose();
        return image;
    }

    private static BufferedImage scene() {
        BufferedImage image = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 200), 0, 1024, new Color(250, 180, 120)));
        g.fillRect(0, 0, 1024, 1024);
        g.setColor(new Color(40, 120, 60));
        g.fillRect(0, 760, 1024, 264);
        g.dispose();
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
