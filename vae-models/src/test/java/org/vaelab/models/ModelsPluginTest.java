package org.vaelab.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.ComponentSpec;
import org.vaelab.api.VaePlugin;
import org.vaelab.models.conv.ConvDecoder;
import org.vaelab.models.conv.ConvDecoderSpec;
import org.vaelab.models.conv.ConvEncoder;
import org.vaelab.models.conv.ConvEncoderSpec;
import org.vaelab.models.conv.DisentanglementLibDecoderSpec;
import org.vaelab.models.conv.DisentanglementLibEncoderSpec;
import org.vaelab.models.mlp.Activation;
import org.vaelab.models.mlp.MlpDecoder;
import org.vaelab.models.mlp.MlpDecoderSpec;
import org.vaelab.models.mlp.MlpEncoder;
import org.vaelab.models.mlp.MlpEncoderSpec;
import org.vaelab.models.prior.normal.StandardNormalPrior;
import org.vaelab.models.prior.normal.StandardNormalPriorSpec;

class ModelsPluginTest {

    private static Set<ComponentRegistration> registrations() {
        List<VaePlugin> plugins = ServiceLoader.load(VaePlugin.class).stream().map(ServiceLoader.Provider::get).toList();
        Injector injector = Guice.createInjector(plugins);
        return injector.getInstance(Key.get(new TypeLiteral<Set<ComponentRegistration>>() {}));
    }

    private static ComponentRegistration find(Set<ComponentRegistration> all, ComponentKind kind, String type) {
        return all.stream().filter(r -> r.kind() == kind && r.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " '" + type + "' in " + all));
    }

    @SuppressWarnings("unchecked")
    private static Object create(ComponentRegistration r, ComponentSpec spec) {
        return ((ComponentFactory<ComponentSpec, ?>) r.factoryInstance()).create(spec);
    }

    @Test
    void foundThroughServiceLoader() {
        assertThat(ServiceLoader.load(VaePlugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(ModelsPlugin.class);
    }

    @Test
    void registersEncoderDecoderAndPrior() {
        Set<ComponentRegistration> all = registrations();
        assertThat(all).extracting(r -> r.kind() + ":" + r.type())
                .contains("ENCODER:mlp", "DECODER:mlp", "PRIOR:standard-normal");

        ComponentRegistration encoder = find(all, ComponentKind.ENCODER, "mlp");
        assertThat(encoder.specClass()).isEqualTo(MlpEncoderSpec.class);
        assertThat(create(encoder, MlpEncoderSpec.defaults())).isInstanceOf(MlpEncoder.class);

        ComponentRegistration decoder = find(all, ComponentKind.DECODER, "mlp");
        assertThat(decoder.specClass()).isEqualTo(MlpDecoderSpec.class);
        assertThat(create(decoder, MlpDecoderSpec.defaults())).isInstanceOf(MlpDecoder.class);

        ComponentRegistration prior = find(all, ComponentKind.PRIOR, StandardNormalPriorSpec.TYPE);
        assertThat(prior.specClass()).isEqualTo(StandardNormalPriorSpec.class);
        assertThat(create(prior, new StandardNormalPriorSpec())).isInstanceOf(StandardNormalPrior.class);
    }

    @Test
    void registersConvEncoderAndDecoder() {
        Set<ComponentRegistration> all = registrations();
        assertThat(all).extracting(r -> r.kind() + ":" + r.type()).contains("ENCODER:conv", "DECODER:conv");

        ComponentRegistration encoder = find(all, ComponentKind.ENCODER, ConvEncoderSpec.TYPE);
        assertThat(encoder.specClass()).isEqualTo(ConvEncoderSpec.class);
        ConvEncoderSpec encoderSpec = new ConvEncoderSpec(List.of(8), null, null, null, null, null);
        assertThat(((ConvEncoder) create(encoder, encoderSpec)).spec()).isSameAs(encoderSpec);

        ComponentRegistration decoder = find(all, ComponentKind.DECODER, ConvDecoderSpec.TYPE);
        assertThat(decoder.specClass()).isEqualTo(ConvDecoderSpec.class);
        assertThat(create(decoder, ConvDecoderSpec.defaults())).isInstanceOf(ConvDecoder.class);
    }

    @Test
    void registersDisentanglementLibArchitectureAsTheConvNetworksItNames() {
        Set<ComponentRegistration> all = registrations();
        ComponentRegistration encoder = find(all, ComponentKind.ENCODER, DisentanglementLibEncoderSpec.TYPE);
        assertThat(encoder.specClass()).isEqualTo(DisentanglementLibEncoderSpec.class);
        assertThat(((ConvEncoder) create(encoder, new DisentanglementLibEncoderSpec(null))).spec()).isEqualTo(
                new ConvEncoderSpec(List.of(32, 32, 64, 64), 4, 2, 1, List.of(256), Activation.RELU));
        ComponentRegistration decoder = find(all, ComponentKind.DECODER, DisentanglementLibDecoderSpec.TYPE);
        assertThat(decoder.specClass()).isEqualTo(DisentanglementLibDecoderSpec.class);
        assertThat(((ConvDecoder) create(decoder, new DisentanglementLibDecoderSpec(Activation.ELU))).spec()).isEqualTo(
                new ConvDecoderSpec(List.of(256), List.of(64, 64, 32, 32), 4, 2, 1, Activation.ELU, Activation.IDENTITY));
    }

    @Test
    void factoriesPassTheSpecThrough() {
        Set<ComponentRegistration> all = registrations();
        MlpEncoderSpec spec = new MlpEncoderSpec(List.of(3), null);
        assertThat(((MlpEncoder) create(find(all, ComponentKind.ENCODER, "mlp"), spec)).spec()).isSameAs(spec);
    }
}
