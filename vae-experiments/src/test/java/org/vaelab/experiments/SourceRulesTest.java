package org.vaelab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Build-time rules over every module's sources. */
class SourceRulesTest {

    private static List<Path> javaSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();     // tests run in vae-experiments/
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList();
        }
    }

    @Test
    void noModuleImportsNd4jsShadedJacksonOrGuava() throws IOException {
        // ND4J shades Jackson and Guava; a shaded @JsonProperty is silently ignored by our ObjectMapper
        List<Path> sources = javaSources();
        assertThat(sources).hasSizeGreaterThan(50);
        String banned = "import org.nd4j" + ".shade";
        for (Path p : sources) {
            assertThat(Files.readString(p)).as(p.toString()).doesNotContain(banned);
        }
    }

    @Test
    void theTutorialsPluginIsAStandaloneProjectOnTheApiOnly() throws IOException {
        // docs/writing-a-plugin.md promises a project a user could have written outside this repository
        String pom = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("examples/plugin-example/pom.xml"));
        assertThat(pom).as("no parent POM").doesNotContain("<parent>");
        assertThat(pom).contains("<artifactId>vae-api</artifactId>");
        for (String other : List.of("vae-models", "vae-losses", "vae-data", "vae-metrics", "vae-parent")) {
            assertThat(pom).as("must not depend on " + other).doesNotContain("<artifactId>" + other + "</artifactId>");
        }
        // the framework only for its tests (the engine contract), never in the plugin jar
        java.util.regex.Matcher dependency = java.util.regex.Pattern.compile("<dependency>(.*?)</dependency>",
                java.util.regex.Pattern.DOTALL).matcher(pom);
        while (dependency.find()) {
            if (dependency.group(1).contains("<artifactId>vae-experiments</artifactId>")) {
                assertThat(dependency.group(1)).as("vae-experiments in test scope only").contains("<scope>test</scope>");
            }
        }
    }

    @Test
    void pluginModulesDependOnTheApiOnly() throws IOException {
        // only vaelab's own modules are checked: a plugin module may add a third-party library of its own
        // (vae-metrics uses Tribuo for its classifiers), but never another plugin module or the framework
        Path root = Path.of("").toAbsolutePath().getParent();
        for (String module : List.of("vae-models", "vae-losses", "vae-data", "vae-metrics")) {
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            for (String other : List.of("vae-models", "vae-losses", "vae-data", "vae-metrics", "vae-experiments")) {
                if (!other.equals(module)) {
                    assertThat(pom).as(module + " must not depend on " + other).doesNotContain("<artifactId>" + other + "</artifactId>");
                }
            }
        }
    }
}
