package org.example.vaelab.laplace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.assertj.core.groups.Tuple;
import java.util.ServiceLoader;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.ComponentSpec;
import org.vaelab.api.VaePlugin;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.model.PriorSpec;

/** Registration, JSON binding with defaults, and validation, the way the framework does them. */
class LaplacePluginTest {

    private final ObjectMapper json = new ObjectMapper();
    private final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    LaplacePluginTest() {
        // the framework registers every spec under its type name, as here
        json.registerSubtypes(new NamedType(LaplacePriorSpec.class, LaplacePriorSpec.TYPE),
                new NamedType(LatentL1Spec.class, LatentL1Spec.TYPE));
    }

    @Test
    void serviceLoaderFindsThePlugin() {
        assertThat(ServiceLoader.load(VaePlugin.class)).extracting(p -> p.getClass().getName())
                .contains(LaplacePlugin.class.getName());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void registersBothTypesWithWorkingFactories() {
        Set<ComponentRegistration> registrations = Guice.createInjector(new LaplacePlugin())
                .getInstance(Key.get(new TypeLiteral<Set<ComponentRegistration>>() {}));
        assertThat(registrations).extracting(ComponentRegistration::kind, ComponentRegistration::type)
                .containsExactlyInAnyOrder(
                        Tuple.tuple(ComponentKind.PRIOR, "laplace"),
                        Tuple.tuple(ComponentKind.LOSS, "latent-l1"));
        for (ComponentRegistration r : registrations) {
            ComponentSpec spec = r.kind() == ComponentKind.PRIOR ? new LaplacePriorSpec((Double) null)
                    : new LatentL1Spec((Double) null);
            Object component = ((ComponentFactory) r.factoryInstance()).create(spec);
            assertThat(component).isInstanceOf(r.kind().componentType());
        }
    }

    @Test
    void omittedFieldsTakeTheirDefaults() throws Exception {
        PriorSpec prior = json.readValue("{\"type\": \"laplace\"}", PriorSpec.class);
        LossSpec loss = json.readValue("{\"type\": \"latent-l1\"}", LossSpec.class);
        assertThat(prior).isEqualTo(new LaplacePriorSpec(1.0));
        assertThat(loss.weight()).isEqualTo(0.1);
        assertThat(json.readValue("{\"type\": \"laplace\", \"scale\": 2.5}", PriorSpec.class))
                .isEqualTo(new LaplacePriorSpec(2.5));
        assertThat(json.readValue("{\"type\": \"latent-l1\", \"weight\": 3}", LossSpec.class).weight()).isEqualTo(3.0);
    }

    @Test
    void badValuesAreConstraintViolations() {
        assertThat(validator.validate(new LaplacePriorSpec(0.0))).extracting(v -> v.getPropertyPath().toString())
                .containsExactly("scale");
        assertThat(validator.validate(new LatentL1Spec(-1.0))).extracting(v -> v.getPropertyPath().toString())
                .containsExactly("weight");
        assertThat(validator.validate(new LaplacePriorSpec((Double) null))).isEmpty();
        assertThat(validator.validate(new LatentL1Spec((Double) null))).isEmpty();
    }
}
