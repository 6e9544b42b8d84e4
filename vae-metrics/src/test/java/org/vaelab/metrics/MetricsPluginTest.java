package org.vaelab.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;





import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.ComponentSpec;
import org.vaelab.api.VaePlugin;
import org.vaelab.api.testing.InstalledPlugins;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricSpec;
import org.vaelab.metrics.disentanglement.BetaVaeScore;
import org.vaelab.metrics.disentanglement.BetaVaeScoreSpec;
import org.vaelab.metrics.disentanglement.Dci;
import org.vaelab.metrics.disentanglement.DciSpec;
import org.vaelab.metrics.disentanglement.FactorVaeScore;
import org.vaelab.metrics.disentanglement.FactorVaeScoreSpec;
import org.vaelab.metrics.disentanglement.Mig;
import org.vaelab.metrics.disentanglement.MigSpec;
import org.vaelab.metrics.disentanglement.Sap;
import org.vaelab.metrics.disentanglement.SapSpec;
import org.vaelab.metrics.representation.ActiveUnits;
import org.vaelab.metrics.representation.ActiveUnitsSpec;
import org.vaelab.metrics.representation.LinearProbe;
import org.vaelab.metrics.representation.LinearProbeSpec;

/** Registration, JSON binding, defaults and validation of the metric specs. */
class MetricsPluginTest {

    private static ValidatorFactory validatorFactory;
    private static Validator validator;
    private static Set<ComponentRegistration> registrations;
    private static ObjectMapper mapper;

    @BeforeAll
    static void setUp() {
        validatorFactory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = validatorFactory.getValidator();
        registrations = InstalledPlugins.registrations();
        mapper = InstalledPlugins.mapperFor(registrations);
    }

    @AfterAll
    static void tearDown() {
        validatorFactory.close();
    }

    @Test
    void theSevenMetricTypesAreRegisteredWithTheirSpecsAndImplementations() {
        assertThat(ServiceLoader.load(VaePlugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(MetricsPlugin.class);
        Map<String, Class<? extends ComponentSpec>> metrics = registrations.stream()
                .filter(r -> r.kind() == ComponentKind.METRIC)
                .collect(Collectors.toMap(ComponentRegistration::type, ComponentRegistration::specClass));
        assertThat(metrics).containsOnly(
                Map.entry("active-units", ActiveUnitsSpec.class),
                Map.entry("linear-probe", LinearProbeSpec.class),
                Map.entry("beta-vae-score", BetaVaeScoreSpec.class),
                Map.entry("factor-vae-score", FactorVaeScoreSpec.class),
                Map.entry("mig", MigSpec.class),
                Map.entry("dci", DciSpec.class),
                Map.entry("sap", SapSpec.class));
        Map<Class<?>, Class<?>> built = registrations.stream().filter(r -> r.kind() == ComponentKind.METRIC)
                .collect(Collectors.toMap(ComponentRegistration::specClass, r -> create(r).getClass()));
        assertThat(built).containsOnly(
                Map.entry(ActiveUnitsSpec.class, ActiveUnits.class),
                Map.entry(LinearProbeSpec.class, LinearProbe.class),
                Map.entry(BetaVaeScoreSpec.class, BetaVaeScore.class),
                Map.entry(FactorVaeScoreSpec.class, FactorVaeScore.class),
                Map.entry(MigSpec.class, Mig.class),
                Map.entry(DciSpec.class, Dci.class),
                Map.entry(SapSpec.class, Sap.class));
    }

    @Test
    void omittedKeysTakeDisentanglementLibsDefaults() throws IOException {
        assertThat(read("{\"type\":\"active-units\"}")).isEqualTo(new ActiveUnitsSpec(0.01));
        assertThat(read("{\"type\":\"linear-probe\"}")).isEqualTo(new LinearProbeSpec(20, 0));
        assertThat(read("{\"type\":\"beta-vae-score\"}")).isEqualTo(new BetaVaeScoreSpec(64, 10000, 5000, 20));
        assertThat(read("{\"type\":\"factor-vae-score\"}"))
                .isEqualTo(new FactorVaeScoreSpec(64, 10000, 5000, 10000, 0.0));
        assertThat(read("{\"type\":\"mig\"}")).isEqualTo(new MigSpec(10000, 20));
        assertThat(read("{\"type\":\"dci\"}")).isEqualTo(new DciSpec(10000, 5000, 20, 10, 1.0));
        assertThat(read("{\"type\":\"sap\"}")).isEqualTo(new SapSpec(10000, 5000, 10));
        assertThat(read("{\"type\":\"mig\",\"numBins\":10,\"numTrain\":null}")).isEqualTo(new MigSpec(10000, 10));
    }

    @Test
    void unknownKeysAreRejected() {
        assertThatThrownBy(() -> read("{\"type\":\"mig\",\"num_bins\":10}"))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("num_bins");
    }

    @Test
    void everySpecFieldHasADescriptionAndTheDefaultsAreValid() {
        for (ComponentRegistration r : registrations) {
            if (r.kind() != ComponentKind.METRIC) {
                continue;
            }
            for (RecordComponent component : r.specClass().getRecordComponents()) {
                JsonPropertyDescription description = component.getAccessor().getAnnotation(JsonPropertyDescription.class);
                assertThat(description).as("%s.%s", r.type(), component.getName()).isNotNull();
                assertThat(description.value()).isNotBlank();
            }
            assertThat(validator.validate(defaults(r))).as(r.type()).isEmpty();
        }
    }

    @Test
    void outOfRangeValuesAreViolationsOnThatField() {
        assertThat(violated(new ActiveUnitsSpec(-1.0))).containsExactly("threshold");
        assertThat(violated(new MigSpec(10000, 1))).containsExactly("numBins");
        assertThat(violated(new DciSpec(10000, 5000, 0, 10, 1.5))).containsExactly("featureFraction", "numTrees");
        assertThat(violated(new FactorVaeScoreSpec(1, 10, 10, 10, 0.0))).containsExactly("batchSize");
        assertThat(violated(new BetaVaeScoreSpec(64, 1, 5000, 0))).containsExactly("epochs", "numTrain");
        assertThat(violated(new SapSpec(10000, 0, 10))).containsExactly("numTest");
        assertThat(violated(new LinearProbeSpec(0, -1))).containsExactly("epochs", "maxTrain");
    }

    private static MetricSpec read(String json) throws IOException {
        return mapper.readValue(json, MetricSpec.class);
    }

    private static MetricSpec defaults(ComponentRegistration r) {
        try {
            return read("{\"type\":\"" + r.type() + "\"}");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Metric create(ComponentRegistration r) {
        return ((ComponentFactory<MetricSpec, Metric>) r.factoryInstance()).create(defaults(r));
    }

    private static List<String> violated(Object spec) {
        return validator.validate(spec).stream().map(v -> v.getPropertyPath().toString()).sorted().toList();
    }
}
