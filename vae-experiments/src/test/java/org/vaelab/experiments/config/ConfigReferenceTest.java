package org.vaelab.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaelab.api.VaePlugin;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.plugins.PluginLoader;

/** docs/config-reference.md is what {@code vaelab plugins --markdown} prints for the built-in plugins. */
class ConfigReferenceTest {

    private static final Path COMMITTED = Path.of("..", "docs", "config-reference.md");   // tests run in vae-experiments/
    private static final Path FRESH = Path.of("target", "config-reference.md");

    private static String builtIn;

    @BeforeAll
    static void render() {
        // the built-in plugins only, as the launcher sees them: not the test plugin on the test class path
        List<VaePlugin> plugins = PluginLoader.load(ConfigReferenceTest.class.getClassLoader()).stream()
                .filter(p -> !p.getClass().getPackageName().startsWith("org.vaelab.experiments.testplugin"))
                .toList();
        builtIn = ConfigReference.markdown(Framework.create(plugins));
    }

    @Test
    void theCommittedReferenceIsCurrent() throws IOException {
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!committed.equals(builtIn)) {
            Files.createDirectories(FRESH.getParent());
            Files.writeString(FRESH, builtIn, StandardCharsets.UTF_8);
            fail("docs/config-reference.md is stale: a spec, a config section or a plugin changed. Regenerate it from "
                    + "the repository root with\n    " + ConfigReference.REGENERATE + "\n(with no jars in ./plugins), "
                    + "or copy the fresh one this test wrote:\n    cp vae-experiments/" + FRESH + " docs/config-reference.md");
        }
    }

    @Test
    void coversEveryBuiltInTypeWithoutMachinePaths() {
        assertThat(builtIn)
                .contains("### encoder `mlp`", "### prior `standard-normal`", "### loss `beta-kl`",
                        "### data `image-folder`", "### corruption `block-occlusion`", "### `training.optimizer`")
                .contains("Registered by `org.vaelab.losses.LossesPlugin`")
                .contains("| `activation` | relu \\| tanh \\| sigmoid")
                .contains("| `path` | string | (required) |")
                .doesNotContain("scaled-normal", "latent-l2")
                .doesNotContain(".jar", "/root/", "/home/", "/work/", "\\\\");
    }

    @Test
    void isTheSameWhenRenderedTwiceAndListsExtraPlugins() {
        List<VaePlugin> all = TestFixtures.framework().plugins();
        String withTestPlugin = ConfigReference.markdown(TestFixtures.framework());
        assertThat(all).extracting(p -> p.getClass().getSimpleName()).contains("TestPlugin");
        assertThat(withTestPlugin).contains("### prior `scaled-normal`", "### loss `latent-l2`")
                .contains("Registered by `org.vaelab.experiments.testplugin.TestPlugin`; spec "
                        + "`org.vaelab.experiments.testplugin.LatentL2$Spec`; factory "
                        + "`org.vaelab.experiments.testplugin.LatentL2$Factory`.");
        assertThat(ConfigReference.markdown(TestFixtures.framework())).isEqualTo(withTestPlugin);
    }
}
