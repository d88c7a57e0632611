package com.atelier.moderation.faces;

import nu.pattern.OpenCV;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds realistic human faces in an uploaded image with OpenCV's frontal-face Haar cascade
 * (models/face-detector). The image is scaled to at most {@value #WORKING_SIDE} pixels a side first:
 * a face small enough to vanish there is too small to matter, and it keeps a 1024×1024 check fast.
 * A face must cover a fair part of the picture and be seen by several overlapping detections, which
 * keeps plain scenes and simple drawings from raising false alarms.
 */
public final class FaceDetector {

    static final int WORKING_SIDE = 320;
    /** How much larger each scale the cascade tries is than the one before: coarser is faster, 1.1 is OpenCV's default. */
    private static final double SCALE_STEP = 1.15;
    /** Overlapping detections a face needs; the cascade's own default (3) fires on textures and doodles. */
    private static final int MIN_NEIGHBOURS = 6;
    /** The smallest face worth refusing, as a fraction of the shorter side. */
    private static final double MIN_FACE_FRACTION = 0.08;

    /** Where a face was found, in the coordinates of the uploaded image. */
    public record Face(int x, int y, int width, int height) {
    }

    private final ThreadLocal<CascadeClassifier> classifiers;

    private FaceDetector(Path cascade) {
        // The cascade object is not safe to share between threads; each thread loads its own once.
        this.classifiers = ThreadLocal.withInitial(() -> {
            CascadeClassifier classifier = new CascadeClassifier(cascade.toString());
            if (classifier.empty()) {
                throw new IllegalStateException("OpenCV could not load the face cascade " + cascade);
            }
            return classifier;
        });
    }

    private static final class Shared {
        static final FaceDetector INSTANCE = fromClasspath();
    }

    /** The process-wide detector, loaded on first use (OpenCV's native library takes about a second). */
    public static FaceDetector shared() {
        return Shared.INSTANCE;
    }

    /** Loads OpenCV's native library and the shipped cascade; prefer {@link #shared()}. */
    public static FaceDetector fromClasspath() {
        OpenCV.loadLocally();
        try (InputStream in = FaceDetector.class.getClassLoader()
                .getResourceAsStream("face-detector/haarcascade_frontalface_default.xml")) {
            if (in == null) {
                throw new IllegalStateException("the face cascade is missing from the build (models/face-detector)");
            }
            // OpenCV reads cascades from files only.
            Path file = Files.createTempFile("atelier-face-cascade", ".xml");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return new FaceDetector(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the face cascade", e);
        }
    }

    /**
     * The faces in an image as its upload's validation decoded it: one decoder for every check, so
     * no file passes one and breaks another.
     */
    public List<Face> detect(BufferedImage image) {
        Mat gray = gray(image);
        try {
            return detectInGray(gray);
        } finally {
            gray.release();
        }
    }

    /** Transparent pixels read as black: they are what an edit repaints, not part of the picture. */
    private static Mat gray(BufferedImage image) {
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        Mat color = new Mat(image.getHeight(), image.getWidth(), CvType.CV_8UC3);
        color.put(0, 0, ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData());
        Mat gray = new Mat();
        Imgproc.cvtColor(color, gray, Imgproc.COLOR_BGR2GRAY);
        color.release();
        return gray;
    }

    private List<Face> detectInGray(Mat gray) {
        double scale = Math.min(1.0, (double) WORKING_SIDE / Math.max(gray.width(), gray.height()));
        Mat working = new Mat();
        Imgproc.resize(gray, working, new Size(Math.round(gray.width() * scale), Math.round(gray.height() * scale)),
                0, 0, Imgproc.INTER_AREA);
        Imgproc.equalizeHist(working, working);
        int minSide = (int) Math.max(24, Math.min(working.width(), working.height()) * MIN_FACE_FRACTION);
        MatOfRect found = new MatOfRect();
        try {
            classifiers.get().detectMultiScale(working, found, SCALE_STEP, MIN_NEIGHBOURS, 0, new Size(minSide, minSide), new Size());
            List<Face> faces = new ArrayList<>();
            for (Rect rect : found.toArray()) {
                faces.add(new Face((int) Math.round(rect.x / scale), (int) Math.round(rect.y / scale),
                        (int) Math.round(rect.width / scale), (int) Math.round(rect.height / scale)));
            }
            return faces;
        } finally {
            found.release();
            working.release();
        }
    }
}
