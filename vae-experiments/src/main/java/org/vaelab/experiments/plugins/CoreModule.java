package org.vaelab.experiments.plugins;

import org.vaelab.experiments.trained.LikelihoodMetrics;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.Plugins;

/** Framework services: the component registry, the strict JSON and YAML mappers, the validator. */
public final class CoreModule extends AbstractModule {

    @Override
    protected void configure() {
        Plugins.registrations(binder());      // an empty set is valid when no plugin is installed
        // the likelihood metrics score the model through the framework's engine, so the framework registers them
        Plugins.metric(binder(), LikelihoodMetrics.ElboSpec.TYPE, LikelihoodMetrics.ElboSpec.class, LikelihoodMetrics::elbo);
        Plugins.metric(binder(), LikelihoodMetrics.IwaeSpec.TYPE, LikelihoodMetrics.IwaeSpec.class, LikelihoodMetrics::iwae);
    }

    @Provides
    @Singleton
    ComponentRegistry registry(Set<ComponentRegistration> registrations, Injector injector) {
        return new ComponentRegistry(registrations, injector);
    }

    /**
     * Strict (unknown fields fail, like Trino's strictConfig; no float for an integer, no number for an enum,
     * no infinity or NaN for a double) and canonical (sorted keys) JSON.
     */
    @Provides
    @Singleton
    ObjectMapper jsonMapper(ComponentRegistry registry) {
        return configure(JsonMapper.builder(), registry);
    }

    /** The same settings for YAML configs. */
    @Provides
    @Singleton
    @Named("yaml")
    ObjectMapper yamlMapper(ComponentRegistry registry) {
        return configure(YAMLMapper.builder(), registry);
    }

    /** Nested components (a loss term's schedule) are built by the registry, as top-level ones are. */
    @Provides
    @Singleton
    org.vaelab.api.Components components(ComponentRegistry registry) {
        return registry;
    }

    @Provides
    @Singleton
    Validator validator() {
        // ParameterMessageInterpolator: no Jakarta EL implementation needed
        return Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
    }

    private static ObjectMapper configure(com.fasterxml.jackson.databind.cfg.MapperBuilder<?, ?> builder,
            ComponentRegistry registry) {
        ObjectMapper mapper = builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)       // batchSize: 64.5 is an error, not 64
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)  // activation: 0 is an error, not the first
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(FiniteNumbers.module())                         // no infinity or NaN in a double
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
        mapper.registerSubtypes(registry.namedTypes().toArray(NamedType[]::new));
        return mapper;
    }
}
