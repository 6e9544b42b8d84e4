package org.vaelab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every SPI package has a documented package-info.java. (The build's Javadoc run fails on any other
 * Javadoc warning; javadoc does not warn about a package without documentation.)
 */
class PackageDocsTest {

    @Test
    void everyPackageHasADocumentedPackageInfo() throws IOException {
        Path sources = Path.of("src", "main", "java");
        List<Path> packages;
        try (Stream<Path> dirs = Files.walk(sources)) {
            packages = dirs.filter(Files::isDirectory).filter(PackageDocsTest::hasJavaFiles).toList();
        }
        assertThat(packages).hasSizeGreaterThanOrEqualTo(6);
        for (Path dir : packages) {
            Path info = dir.resolve("package-info.java");
            assertThat(info).as("package %s", sources.relativize(dir)).exists();
            assertThat(Files.readString(info)).as(info.toString()).containsPattern("/\\*\\*\\s*\\S");
        }
    }

    private static boolean hasJavaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
