package com.atelier.moderation.faces;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The face check on photographs with a clear licence (test resources) and on pictures the test draws. */
class FaceDetectorTest {

    private static FaceDetector detector;

    @BeforeAll
    static void load() {
        detector = FaceDetector.fromClasspath();
    }

    @Test
    void aPortraitPhotographHasAFace() throws IOException {
        assertThat(detector.detect(ImageIO.read(FaceDetectorTest.class.getResource("/images/astronaut.png")))).hasSize(1)
                .allSatisfy(face -> assertThat(face.width()).isGreaterThan(60));
    }

    @Test
    void aPortraitScaledTo1024StillHasItsFace() throws IOException {
        BufferedImage portrait = ImageIO.read(FaceDetectorTest.class.getResource("/images/astronaut.png"));
        BufferedImage large = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = large.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(portrait, 0, 0, 1024, 1024, null);
        g.dispose();

        assertThat(detector.detect(large)).isNotEmpty();
    }

    @Test
    void aStillLifePhotographHasNone() throws IOException {
        assertThat(detector.detect(ImageIO.read(FaceDetectorTest.class.getResource("/images/coffee.png")))).isEmpty();
    }

    @Test
    void plainScenesHaveNone() throws IOException {
        assertThat(detector.detect(sky())).isEmpty();
        assertThat(detector.detect(noise(new Random(3)))).isEmpty();
        assertThat(detector.detect(shapes())).isEmpty();
    }

    @Test
    void simpleDrawingsOfFacesAreNotRealisticFaces() throws IOException {
        assertThat(detector.detect(smiley())).isEmpty();
    }

    static BufferedImage sky() {
        BufferedImage image = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 200), 0, 1024, new Color(250, 180, 120)));
        g.fillRect(0, 0, 1024, 1024);
        g.setColor(new Color(40, 120, 60));
        g.fillRect(0, 760, 1024, 264);
        g.dispose();
        return image;
    }

    static BufferedImage noise(Random random) {
        BufferedImage image = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                int v = random.nextInt(256);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return image;
    }

    static BufferedImage shapes() {
        BufferedImage image = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 512, 512);
        g.setColor(Color.RED);
        g.fillOval(60, 180, 160, 160);
        g.setColor(Color.BLUE);
        g.fillRect(300, 190, 140, 140);
        g.dispose();
        return image;
    }

    static BufferedImage smiley() {
        BufferedImage image = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 512, 512);
        g.setColor(new Color(250, 210, 60));
        g.fillOval(106, 106, 300, 300);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(8));
        g.drawOval(106, 106, 300, 300);
        g.fillOval(190, 190, 36, 50);
        g.fillOval(286, 190, 36, 50);
        g.drawArc(180, 220, 152, 120, 200, 140);
        g.dispose();
        return image;
    }
}
