package org.vaelab.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.ComponentSpec;
import org.vaelab.api.VaePlugin;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.losses.kl.BetaKl;
import org.vaelab.losses.kl.BetaKlSpec;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstruction;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstructionSpec;
import org.vaelab.losses.recon.gaussian.GaussianReconstruction;
import org.vaelab.losses.recon.gaussian.GaussianReconstructionSpec;

/** Registration, JSON binding, defaults and validation of the three loss specs. */
class LossesPluginTest {

    private static ValidatorFactory validatorFactory;
    private static Validator validator;
    private static Set<ComponentRegistration> registrations;
    private static ObjectMapper mapper;

    @BeforeAll
    static void setUp() {
        validatorFactory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = validatorFactory.getValidator();
        List<VaePlugin> plugins = ServiceLoader.load(VaePlugin.class).stream().map(ServiceLoader.Provider::get).toList();
        Injector injector = Guice.createInjector(Modules.combine(plugins));
        registrations = injector.getInstance(Key.get(new TypeLiteral<Set<ComponentRegistration>>() {}));
        // a plain mapper that knows the registered names, as the framework's mapper is built
        mapper = new ObjectMapper();
        registrations.forEach(r -> mapper.registerSubtypes(new NamedType(r.specClass(), r.type())));
    }

    @AfterAll
    static void tearDown() {
        validatorFactory.close();
    }

    // ---------------------------------------------------------------- registration

    @Test
    void pluginIsFoundThroughServiceLoader() {
        assertThat(ServiceLoader.load(VaePlugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(LossesPlugin.class);
    }

    @Test
    void injectorListsTheThreeLossTypesWithTheirSpecs() {
        Map<String, Class<? extends ComponentSpec>> losses = registrations.stream()
                .filter(r -> r.kind() == ComponentKind.LOSS)
                .collect(Collectors.toMap(ComponentRegistration::type, ComponentRegistration::specClass));

        assertThat(losses).containsOnly(
                Map.entry("bernoulli-reconstruction", BernoulliReconstructionSpec.class),
                Map.entry("gaussian-reconstruction", GaussianReconstructionSpec.class),
                Map.entry("beta-kl", BetaKlSpec.class));
    }

    @Test
    void eachFactoryBuildsItsTermFromTheSpec() {
        Map<Class<?>, Class<?>> built = registrations.stream()
                .filter(r -> r.kind() == ComponentKind.LOSS)
                .collect(Collectors.toMap(ComponentRegistration::specClass, r -> create(r, defaults(r)).getClass()));

        assertThat(built).containsOnly(
                Map.entry(BernoulliReconstructionSpec.class, BernoulliReconstruction.class),
                Map.entry(GaussianReconstructionSpec.class, GaussianReconstruction.class),
                Map.entry(BetaKlSpec.class, BetaKl.class));
        BetaKlSpec spec = new BetaKlSpec(1.0, 6.0);
        assertThat(create(registration(BetaKlSpec.TYPE), spec).coefficient()).isEqualTo(6.0);
    }

    // ---------------------------------------------------------------- JSON

    @Test
    void omittedKeysTakeTheirDefaults() throws IOException {
        assertThat(read("{\"type\":\"bernoulli-reconstruction\"}")).isEqualTo(new BernoulliReconstructionSpec(1.0));
        assertThat(read("{\"type\":\"gaussian-reconstruction\"}")).isEqualTo(new GaussianReconstructionSpec(1.0, 1.0));
        assertThat(read("{\"type\":\"beta-kl\"}")).isEqualTo(new BetaKlSpec(1.0, 1.0));
        assertThat(read("{\"type\":\"beta-kl\",\"beta\":null}")).isEqualTo(BetaKlSpec.defaults());
        assertThat(read("{\"type\":\"beta-kl\"}").weight()).isEqualTo(1.0);
    }

    @Test
    void givenKeysAreBound() throws IOException {
        assertThat(read("{\"type\":\"beta-kl\",\"beta\":4,\"weight\":0.5}")).isEqualTo(new BetaKlSpec(0.5, 4.0));
        assertThat(read("{\"type\":\"gaussian-reconstruction\",\"sigma\":0.1}"))
                .isEqualTo(new GaussianReconstructionSpec(1.0, 0.1));
        assertThat(read("{\"weight\":2.5,\"type\":\"bernoulli-reconstruction\"}"))
                .isEqualTo(new BernoulliReconstructionSpec(2.5));
    }

    @Test
    void unknownKeysAreRejected() {
        assertThatThrownBy(() -> read("{\"type\":\"beta-kl\",\"betta\":4}"))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("betta");
    }

    @Test
    void eachSpecRoundTripsThroughTheBaseType() throws Exception {
        for (LossSpec spec : List.of(new BernoulliReconstructionSpec(0.5), new GaussianReconstructionSpec(2.0, 0.25),
                new BetaKlSpec(1.0, 4.0), BetaKlSpec.defaults())) {
            String json = mapper.writerFor(LossSpec.class).writeValueAsString(spec);
            String type = (String) spec.getClass().getField("TYPE").get(null);

            assertThat(json).contains("\"type\":\"" + type + "\"");
            assertThat(read(json)).as(json).isEqualTo(spec);
        }
    }

    @Test
    void everySpecFieldHasADescription() {
        for (Class<?> spec : List.of(BernoulliReconstructionSpec.class, GaussianReconstructionSpec.class, BetaKlSpec.class)) {
            for (RecordComponent component : spec.getRecordComponents()) {
                JsonPropertyDescription description = component.getAccessor().getAnnotation(JsonPropertyDescription.class);
                assertThat(description).as("%s.%s", spec.getSimpleName(), component.getName()).isNotNull();
                assertThat(description.value()).isNotBlank();
            }
        }
    }

    // ---------------------------------------------------------------- validation

    @Test
    void defaultsAndBoundaryValuesAreValid() {
        assertThat(validator.validate(BernoulliReconstructionSpec.defaults())).isEmpty();
        assertThat(validator.validate(GaussianReconstructionSpec.defaults())).isEmpty();
        assertThat(validator.validate(BetaKlSpec.defaults())).isEmpty();
        assertThat(validator.validate(new BetaKlSpec(0.0, 0.0))).isEmpty();
        assertThat(validator.validate(new BernoulliReconstructionSpec(0.0))).isEmpty();
        assertThat(validator.validate(new GaussianReconstructionSpec(0.0, 1e-6))).isEmpty();
    }

    @Test
    void negativeBetaIsAViolationOnBeta() {
        assertThat(violatedProperties(new BetaKlSpec(1.0, -1.0))).containsExactly("beta");
    }

    @Test
    void negativeWeightIsAViolationOnWeight() {
        assertThat(violatedProperties(new BetaKlSpec(-1.0, 1.0))).containsExactly("weight");
        assertThat(violatedProperties(new BernoulliReconstructionSpec(-0.5))).containsExactly("weight");
        assertThat(violatedProperties(new GaussianReconstructionSpec(-2.0, 1.0))).containsExactly("weight");
    }

    @Test
    void nonPositiveSigmaIsAViolationOnSigma() {
        assertThat(violatedProperties(new GaussianReconstructionSpec(1.0, 0.0))).containsExactly("sigma");
        assertThat(violatedProperties(new GaussianReconstructionSpec(1.0, -1.0))).containsExactly("sigma");
    }

    @Test
    void violationsFromJsonNameTheProperty() throws IOException {
        Set<ConstraintViolation<LossSpec>> violations = validator.validate(read("{\"type\":\"beta-kl\",\"beta\":-1}"));
        assertThat(violations).hasSize(1);
        ConstraintViolation<LossSpec> violation = violations.iterator().next();
        assertThat(violation.getPropertyPath().toString()).isEqualTo("beta");
        assertThat(violation.getInvalidValue()).isEqualTo(-1.0);
        assertThat(violation.getMessage()).isNotBlank();
    }

    // ---------------------------------------------------------------- hygiene

    @Test
    void mainSourcesNeverImportShadedNd4jPackages() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<Path> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains("org.nd4j.shade")).toList();
            assertThat(offenders).isEmpty();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static LossSpec read(String json) throws IOException {
        return mapper.readValue(json, LossSpec.class);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ComponentRegistration registration(String type) {
        return registrations.stream().filter(r -> r.kind() == ComponentKind.LOSS && r.type().equals(type))
                .findFirst().orElseThrow();
    }

    private static LossSpec defaults(ComponentRegistration r) {
        try {
            return mapper.readValue("{\"type\":\"" + r.type() + "\"}", LossSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static LossTerm create(ComponentRegistration r, LossSpec spec) {
        assertThat(r.factoryInstance()).as("registered with a constructor reference").isNotNull();
        return ((ComponentFactory<LossSpec, LossTerm>) r.factoryInstance()).create(spec);
    }

    private static List<String> violatedProperties(Object spec) {
        return validator.validate(spec).stream().map(v -> v.getPropertyPath().toString()).sorted().toList();
    }
}
