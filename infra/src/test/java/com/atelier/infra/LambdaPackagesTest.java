package com.atelier.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The functions module's two Lambda packages: the lean one carries no native library, the faces one
 * only OpenCV's for linux on ARMv8, which Lambda's arm64 runtime loads, and otherwise the same jars.
 */
class LambdaPackagesTest {

    private static final String ARM64_NATIVES = "nu/pattern/opencv/linux/ARMv8/";

    private final LambdaPackages packages = LambdaPackages.defaults();

    @Test
    void theLeanPackageCarriesNoNativeLibraryAndNoOpenCvNatives() throws IOException {
        Map<String, List<String>> entries = entriesByJar(packages.lean());
        entries.forEach((jar, names) -> assertThat(names).as(jar)
                .noneMatch(LambdaPackagesTest::isNativeLibrary)
                .noneMatch(name -> name.startsWith("nu/pattern/opencv/")));
        // OpenCV only as its Java classes, which today's composition root links in every function.
        assertThat(entries.keySet()).filteredOn(jar -> jar.contains("opencv")).containsExactly("lib/opencv-4.9.0-0-classes.jar");
    }

    @Test
    void theFacesPackageCarriesOpenCvWithOnlyLinuxArm64Natives() throws IOException {
        Map<String, List<String>> entries = entriesByJar(packages.faces());
        List<String> natives = new ArrayList<>();
        entries.values().forEach(names -> names.stream().filter(LambdaPackagesTest::isNativeLibrary).forEach(natives::add));
        assertThat(natives).containsExactly(ARM64_NATIVES + "libopencv_java490.so");
        String openCv = entries.keySet().stream().filter(jar -> jar.contains("opencv")).findFirst().orElseThrow();
        assertThat(entries.get(openCv)).contains("nu/pattern/OpenCV.class", "org/opencv/core/Mat.class")
                .filteredOn(name -> name.startsWith("nu/pattern/opencv/") && !name.endsWith("/"))
                .allMatch(name -> name.startsWith(ARM64_NATIVES));
    }

    @Test
    void bothPackagesCarryTheSameJarsButOpenCv() throws IOException {
        List<String> lean = entriesByJar(packages.lean()).keySet().stream().filter(jar -> !jar.contains("opencv")).toList();
        List<String> faces = entriesByJar(packages.faces()).keySet().stream().filter(jar -> !jar.contains("opencv")).toList();
        assertThat(lean).isNotEmpty().containsExactlyInAnyOrderElementsOf(faces)
                .anyMatch(jar -> jar.startsWith("lib/atelier-functions-"));
    }

    private static boolean isNativeLibrary(String name) {
        return name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll") || name.endsWith(".jnilib");
    }

    /** Each jar of the package (and the package itself, as "") with the names of its entries. */
    private static Map<String, List<String>> entriesByJar(Path zip) throws IOException {
        Map<String, List<String>> entries = new TreeMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<String> top = new ArrayList<>();
            for (ZipEntry entry : Collections.list(file.entries())) {
                top.add(entry.getName());
                if (entry.getName().endsWith(".jar")) {
                    entries.put(entry.getName(), namesIn(file.getInputStream(entry)));
                }
            }
            entries.put("", top);
        }
        return entries;
    }

    private static List<String> namesIn(InputStream jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(jar)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
