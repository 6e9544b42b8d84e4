package org.vaelab.experiments.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.Plugins;
import org.vaelab.api.UserInputException;
import org.vaelab.api.VaePlugin;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.testplugin.ScaledNormalPrior;

class FrameworkTest {

    static final class First extends AbstractModule implements VaePlugin {
        @Override
        protected void configure() {
            Plugins.prior(binder(), "clash", ScaledNormalPrior.Spec.class, spec -> null);
        }
    }

    static final class Second extends AbstractModule implements VaePlugin {
        @Override
        protected void configure() {
            Plugins.prior(binder(), "clash", ClashSpec.class, spec -> null);
        }
    }

    record ClashSpec() implements org.vaelab.api.model.PriorSpec {}

    @Test
    void serviceLoaderFindsTheBuiltInAndTestPlugins() {
        Framework fw = TestFixtures.framework();
        assertThat(fw.plugins()).extracting(p -> p.getClass().getSimpleName())
                .contains("ModelsPlugin", "LossesPlugin", "DataPlugin", "TestPlugin");
        assertThat(fw.registry().typeNames(ComponentKind.ENCODER)).contains("mlp");
        assertThat(fw.registry().typeNames(ComponentKind.DECODER)).contains("mlp");
        assertThat(fw.registry().typeNames(ComponentKind.PRIOR)).contains("standard-normal", "scaled-normal");
        assertThat(fw.registry().typeNames(ComponentKind.LOSS))
                .contains("bernoulli-reconstruction", "gaussian-reconstruction", "beta-kl", "latent-l2");
        assertThat(fw.registry().typeNames(ComponentKind.DATA)).contains("dsprites", "idx");
    }

    @Test
    void twoPluginsClaimingOneTypeFailAtStartupNamingBoth() {
        assertThatThrownBy(() -> Framework.create(List.of(new First(), new Second())))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("prior type 'clash' is registered twice")
                .hasMessageContaining("ScaledNormalPrior")
                .hasMessageContaining("ClashSpec");
    }

    @Test
    void theSameTypeNameMayServeDifferentKinds() {
        // "mlp" is both an encoder and a decoder: Jackson resolves it per base type
        Framework fw = TestFixtures.framework();
        assertThat(fw.registry().registrationFor(ComponentKind.ENCODER,
                fw.registry().registrations(ComponentKind.ENCODER).get(0).specClass()).kind()).isEqualTo(ComponentKind.ENCODER);
    }
}
