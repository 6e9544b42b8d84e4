package org.vaelab.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;






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
import org.vaelab.api.testing.InstalledPlugins;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.losses.denoising.DenoisingReconstruction;
import org.vaelab.losses.denoising.DenoisingSpec;
import org.vaelab.losses.kl.BetaKl;
import org.vaelab.losses.kl.BetaKlSpec;
import org.vaelab.losses.occlusion.OcclusionWeightedReconstruction;
import org.vaelab.losses.occlusion.OcclusionWeightedSpec;
import org.vaelab.losses.recon.PixelLikelihood;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstruction;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstructionSpec;
import org.vaelab.losses.recon.gaussian.GaussianReconstruction;
import org.vaelab.losses.recon.gaussian.GaussianReconstructionSpec;

/** Registration, JSON binding, defaults and validation of the loss specs. */
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
        registrations = InstalledPlugins.registrations();
        mapper = InstalledPlugins.mapperFor(registrations);
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
    void injectorListsTheLossTypesWithTheirSpecs() {
        Map<String, Class<? extends ComponentSpec>> losses = registrations.stream()
                .filter(r -> r.kind() == ComponentKind.LOSS)
                .collect(Collectors.toMap(ComponentRegistration::type, ComponentRegistration::specClass));

        assertThat(losses).containsOnly(
                Map.entry("bernoulli-reconstruction", BernoulliReconstructionSpec.class),
                Map.entry("gaussian-reconstruction", GaussianReconstructionSpec.class),
                Map.entry("denoising", DenoisingSpec.class),
                Map.entry("occlusion-weighted-reconstruction", OcclusionWeightedSpec.class),
                Map.entry("beta-kl", BetaKlSpec.class),
                Map.entry("beta-kl-capacity", org.vaelab.losses.kl.BetaKlCapacity.Spec.class),
                Map.entry("free-bits", org.vaelab.losses.kl.FreeBits.Spec.class),
                Map.entry("laplace-reconstruction", org.vaelab.losses.recon.laplace.LaplaceReconstruction.Spec.class),
                Map.entry("continuous-bernoulli-reconstruction",
                        org.vaelab.losses.recon.continuous.ContinuousBernoulliReconstruction.Spec.class),
                Map.entry("learned-gaussian-reconstruction",
                        org.vaelab.losses.recon.learned.LearnedGaussianReconstruction.Spec.class),
                Map.entry("discretised-logistic-reconstruction",
                        org.vaelab.losses.recon.logistic.DiscretisedLogisticReconstruction.Spec.class),
                Map.entry("mmd", org.vaelab.losses.mmd.Mmd.Spec.class),
                Map.entry("iwae", org.vaelab.losses.iwae.Iwae.Spec.class),
                Map.entry("total-correlation", org.vaelab.losses.tc.TotalCorrelation.Spec.class),
                Map.entry("dip", org.vaelab.losses.dip.Dip.Spec.class),
                Map.entry("factor-tc", org.vaelab.losses.factor.FactorTc.Spec.class),
                Map.entry("vq", org.vaelab.losses.vq.VqLoss.Spec.class));
        assertThat(registrations.stream().filter(r -> r.kind() == ComponentKind.SCHEDULE).map(ComponentRegistration::type))
                .containsExactlyInAnyOrder("constant", "linear", "cyclical");
    }

    @Test
    void betaKlBuildsItsNestedScheduleThroughTheRegistry() throws IOException {
        BetaKlSpec spec = (BetaKlSpec) read("{\"type\":\"beta-kl\",\"schedule\":{\"type\":\"cyclical\",\"cycles\":2}}");
        assertThat(spec.schedule()).isEqualTo(new org.vaelab.losses.schedule.CyclicalSchedule.Spec(null, null, null, 2, null));
        LossTerm term = create(registration(BetaKlSpec.TYPE), spec);
        assertThat(term.scheduledCoefficient(new org.vaelab.api.model.SeededGraphContext(
                org.nd4j.autodiff.samediff.SameDiff.create(), org.nd4j.linalg.api.buffer.DataType.FLOAT,
                new org.vaelab.api.data.ImageShape(1, 1, 1), 1, 1))).as("the schedule was built").isPresent();
        assertThat(create(registration(BetaKlSpec.TYPE), BetaKlSpec.defaults()).elboPart())
                .isEqualTo(org.vaelab.api.loss.ElboPart.KL);
        assertThat(violatedProperties(new BetaKlSpec(1.0, 1.0,
                new org.vaelab.losses.schedule.LinearSchedule.Spec(null, null, 0)))).containsExactly("schedule.steps");
    }

    @Test
    void eachFactoryBuildsItsTermFromTheSpec() {
        Map<Class<?>, Class<?>> built = registrations.stream()
                .filter(r -> r.kind() == ComponentKind.LOSS)
                .collect(Collectors.toMap(ComponentRegistration::specClass, r -> create(r, defaults(r)).getClass()));

        assertThat(built).containsOnly(
                Map.entry(BernoulliReconstructionSpec.class, BernoulliReconstruction.class),
                Map.entry(GaussianReconstructionSpec.class, GaussianReconstruction.class),
                Map.entry(DenoisingSpec.class, DenoisingReconstruction.class),
                Map.entry(OcclusionWeightedSpec.class, OcclusionWeightedReconstruction.class),
                Map.entry(BetaKlSpec.class, BetaKl.class),
                Map.entry(org.vaelab.losses.kl.BetaKlCapacity.Spec.class, org.vaelab.losses.kl.BetaKlCapacity.class),
                Map.entry(org.vaelab.losses.kl.FreeBits.Spec.class, org.vaelab.losses.kl.FreeBits.class),
                Map.entry(org.vaelab.losses.recon.laplace.LaplaceReconstruction.Spec.class,
                        org.vaelab.losses.recon.laplace.LaplaceReconstruction.class),
                Map.entry(org.vaelab.losses.recon.continuous.ContinuousBernoulliReconstruction.Spec.class,
                        org.vaelab.losses.recon.continuous.ContinuousBernoulliReconstruction.class),
                Map.entry(org.vaelab.losses.recon.learned.LearnedGaussianReconstruction.Spec.class,
                        org.vaelab.losses.recon.learned.LearnedGaussianReconstruction.class),
                Map.entry(org.vaelab.losses.recon.logistic.DiscretisedLogisticReconstruction.Spec.class,
                        org.vaelab.losses.recon.logistic.DiscretisedLogisticReconstruction.class),
                Map.entry(org.vaelab.losses.mmd.Mmd.Spec.class, org.vaelab.losses.mmd.Mmd.class),
                Map.entry(org.vaelab.losses.iwae.Iwae.Spec.class, org.vaelab.losses.iwae.Iwae.class),
                Map.entry(org.vaelab.losses.tc.TotalCorrelation.Spec.class, org.vaelab.losses.tc.TotalCorrelation.class),
                Map.entry(org.vaelab.losses.dip.Dip.Spec.class, org.vaelab.losses.dip.Dip.class),
                Map.entry(org.vaelab.losses.factor.FactorTc.Spec.class, org.vaelab.losses.factor.FactorTc.class),
                Map.entry(org.vaelab.losses.vq.VqLoss.Spec.class, org.vaelab.losses.vq.VqLoss.class));
        BetaKlSpec spec = new BetaKlSpec(1.0, 6.0);
        assertThat(create(registration(BetaKlSpec.TYPE), spec).coefficient()).isEqualTo(6.0);
        OcclusionWeightedSpec occlusion = new OcclusionWeightedSpec(1.0, PixelLikelihood.GAUSSIAN, 0.5, 2.0, 0.0);
        assertThat(((OcclusionWeightedReconstruction) create(registration(OcclusionWeightedSpec.TYPE), occlusion)).spec())
                .isSameAs(occlusion);
    }

    @Test
    void theNewTermsAreReconstructionTermsWithTheirMetricNames() {
        LossTerm denoise = create(registration(DenoisingSpec.TYPE), DenoisingSpec.defaults());
        LossTerm occlusion = create(registration(OcclusionWeightedSpec.TYPE), OcclusionWeightedSpec.defaults());
        assertThat(denoise).isInstanceOf(ReconstructionTerm.class);
        assertThat(occlusion).isInstanceOf(ReconstructionTerm.class);
        assertThat(denoise.name()).isEqualTo("denoise");
        assertThat(occlusion.name()).isEqualTo("occlusion");
    }

    // ---------------------------------------------------------------- JSON

    @Test
    void omittedKeysTakeTheirDefaults() throws IOException {
        assertThat(read("{\"type\":\"bernoulli-reconstruction\"}")).isEqualTo(new BernoulliReconstructionSpec(1.0));
        assertThat(read("{\"type\":\"gaussian-reconstruction\"}")).isEqualTo(new GaussianReconstructionSpec(1.0, 1.0));
        assertThat(read("{\"type\":\"beta-kl\"}")).isEqualTo(new BetaKlSpec(1.0, 1.0));
        assertThat(read("{\"type\":\"beta-kl\",\"beta\":null}")).isEqualTo(BetaKlSpec.defaults());
        assertThat(read("{\"type\":\"beta-kl\"}").weight()).isEqualTo(1.0);
        assertThat(read("{\"type\":\"denoising\"}")).isEqualTo(new DenoisingSpec(1.0, PixelLikelihood.BERNOULLI, 1.0))
                .isEqualTo(DenoisingSpec.defaults());
        assertThat(read("{\"type\":\"occlusion-weighted-reconstruction\"}"))
                .isEqualTo(new OcclusionWeightedSpec(1.0, PixelLikelihood.BERNOULLI, 1.0, 1.0, 1.0))
                .isEqualTo(OcclusionWeightedSpec.defaults());
        assertThat(read("{\"type\":\"denoising\",\"likelihood\":null,\"sigma\":null}")).isEqualTo(DenoisingSpec.defaults());
    }

    @Test
    void newSpecDefaultsAreTheDocumentedOnes() {
        DenoisingSpec denoising = DenoisingSpec.defaults();
        assertThat(denoising.weight()).isEqualTo(1.0);
        assertThat(denoising.likelihood()).isEqualTo(PixelLikelihood.BERNOULLI).hasToString(DenoisingSpec.DEFAULT_LIKELIHOOD_NAME);
        assertThat(denoising.sigma()).isEqualTo(1.0);
        OcclusionWeightedSpec occlusion = OcclusionWeightedSpec.defaults();
        assertThat(occlusion.weight()).isEqualTo(1.0);
        assertThat(occlusion.likelihood()).isEqualTo(PixelLikelihood.BERNOULLI)
                .hasToString(OcclusionWeightedSpec.DEFAULT_LIKELIHOOD_NAME);
        assertThat(occlusion.sigma()).isEqualTo(1.0);
        assertThat(occlusion.lambdaHidden()).isEqualTo(1.0);
        assertThat(occlusion.lambdaVisible()).isEqualTo(1.0);
        // a null likelihood from Java takes the default in the canonical constructor too
        assertThat(new DenoisingSpec(2.0, null, 0.5).likelihood()).isEqualTo(PixelLikelihood.BERNOULLI);
        assertThat(new OcclusionWeightedSpec(2.0, null, 0.5, 3.0, 0.0).likelihood()).isEqualTo(PixelLikelihood.BERNOULLI);
    }

    @Test
    void givenKeysAreBound() throws IOException {
        assertThat(read("{\"type\":\"beta-kl\",\"beta\":4,\"weight\":0.5}")).isEqualTo(new BetaKlSpec(0.5, 4.0));
        assertThat(read("{\"type\":\"gaussian-reconstruction\",\"sigma\":0.1}"))
                .isEqualTo(new GaussianReconstructionSpec(1.0, 0.1));
        assertThat(read("{\"weight\":2.5,\"type\":\"bernoulli-reconstruction\"}"))
                .isEqualTo(new BernoulliReconstructionSpec(2.5));
        assertThat(read("{\"type\":\"denoising\",\"likelihood\":\"gaussian\",\"sigma\":0.1,\"weight\":2}"))
                .isEqualTo(new DenoisingSpec(2.0, PixelLikelihood.GAUSSIAN, 0.1));
        assertThat(read("{\"type\":\"occlusion-weighted-reconstruction\",\"lambdaHidden\":5,\"lambdaVisible\":0}"))
                .isEqualTo(new OcclusionWeightedSpec(1.0, PixelLikelihood.BERNOULLI, 1.0, 5.0, 0.0));
        assertThat(read("{\"type\":\"occlusion-weighted-reconstruction\",\"likelihood\":\"gaussian\",\"sigma\":0.2}"))
                .isEqualTo(new OcclusionWeightedSpec(1.0, PixelLikelihood.GAUSSIAN, 0.2, 1.0, 1.0));
    }

    @Test
    void unknownLikelihoodsAreRejectedNamingTheValidOnes() {
        assertThatThrownBy(() -> read("{\"type\":\"denoising\",\"likelihood\":\"poisson\"}"))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("poisson").hasMessageContaining("bernoulli").hasMessageContaining("gaussian");
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
                new BetaKlSpec(1.0, 4.0), BetaKlSpec.defaults(), DenoisingSpec.defaults(),
                new DenoisingSpec(0.5, PixelLikelihood.GAUSSIAN, 0.3), OcclusionWeightedSpec.defaults(),
                new OcclusionWeightedSpec(2.0, PixelLikelihood.GAUSSIAN, 0.25, 4.0, 0.0))) {
            String json = mapper.writerFor(LossSpec.class).writeValueAsString(spec);
            String type = (String) spec.getClass().getField("TYPE").get(null);

            assertThat(json).contains("\"type\":\"" + type + "\"");
            assertThat(read(json)).as(json).isEqualTo(spec);
        }
    }

    @Test
    void everySpecFieldHasADescription() {
        for (Class<?> spec : List.of(BernoulliReconstructionSpec.class, GaussianReconstructionSpec.class, BetaKlSpec.class,
                DenoisingSpec.class, OcclusionWeightedSpec.class)) {
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
        assertThat(validator.validate(DenoisingSpec.defaults())).isEmpty();
        assertThat(validator.validate(OcclusionWeightedSpec.defaults())).isEmpty();
        assertThat(validator.validate(new DenoisingSpec(0.0, PixelLikelihood.GAUSSIAN, 1e-6))).isEmpty();
        assertThat(validator.validate(new OcclusionWeightedSpec(0.0, PixelLikelihood.GAUSSIAN, 1e-6, 0.0, 0.0))).isEmpty();
    }

    @Test
    void negativeLambdasAreViolationsOnThatLambda() {
        assertThat(violatedProperties(new OcclusionWeightedSpec(1.0, PixelLikelihood.BERNOULLI, 1.0, -1.0, 1.0)))
                .containsExactly("lambdaHidden");
        assertThat(violatedProperties(new OcclusionWeightedSpec(1.0, PixelLikelihood.BERNOULLI, 1.0, 1.0, -0.5)))
                .containsExactly("lambdaVisible");
        assertThat(violatedProperties(new OcclusionWeightedSpec(1.0, PixelLikelihood.BERNOULLI, 1.0, -2.0, -3.0)))
                .containsExactly("lambdaHidden", "lambdaVisible");
    }

    @Test
    void newSpecsRejectNegativeWeightsAndNonPositiveSigmas() {
        assertThat(violatedProperties(new DenoisingSpec(-1.0, PixelLikelihood.BERNOULLI, 1.0))).containsExactly("weight");
        assertThat(violatedProperties(new DenoisingSpec(1.0, PixelLikelihood.GAUSSIAN, 0.0))).containsExactly("sigma");
        assertThat(violatedProperties(new OcclusionWeightedSpec(-1.0, PixelLikelihood.BERNOULLI, 1.0, 1.0, 1.0)))
                .containsExactly("weight");
        assertThat(violatedProperties(new OcclusionWeightedSpec(1.0, PixelLikelihood.GAUSSIAN, -1.0, 1.0, 1.0)))
                .containsExactly("sigma");
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

        violations = validator.validate(read("{\"type\":\"occlusion-weighted-reconstruction\",\"lambdaVisible\":-0.25}"));
        assertThat(violations).hasSize(1);
        violation = violations.iterator().next();
        assertThat(violation.getPropertyPath().toString()).isEqualTo("lambdaVisible");
        assertThat(violation.getInvalidValue()).isEqualTo(-0.25);
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
        if (r.factoryClass() != null) {
            // beta-kl's factory builds its nested schedule: give it the installed plugins' factories, as the framework does
            return (LossTerm) com.google.inject.Guice.createInjector(b -> b.bind(org.vaelab.api.Components.class)
                    .toInstance(new org.vaelab.api.Components() {
                        @Override
                        public <T> T create(ComponentKind kind, ComponentSpec nested, Class<T> type) {
                            ComponentRegistration n = registrations.stream().filter(x -> x.kind() == kind
                                    && x.specClass().equals(nested.getClass())).findFirst().orElseThrow();
                            return type.cast(((ComponentFactory<ComponentSpec, ?>) n.factoryInstance()).create(nested));
                        }
                    })).getInstance((Class<ComponentFactory<LossSpec, LossTerm>>) r.factoryClass()).create(spec);
        }
        return ((ComponentFactory<LossSpec, LossTerm>) r.factoryInstance()).create(spec);
    }

    private static List<String> violatedProperties(Object spec) {
        return validator.validate(spec).stream().map(v -> v.getPropertyPath().toString()).sorted().toList();
    }
}
