package org.vaelab.api;

import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.corruption.CorruptionSpec;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricSpec;
import org.vaelab.api.data.DataSource;
import org.vaelab.api.data.DataSpec;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.Decoder;
import org.vaelab.api.model.DecoderSpec;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.EncoderSpec;
import org.vaelab.api.model.Prior;
import org.vaelab.api.model.PriorSpec;
import org.vaelab.api.schedule.Schedule;
import org.vaelab.api.schedule.ScheduleSpec;

/**
 * Registers components from a plugin's {@code configure()}.
 *
 * <p>One call binds the config type name to both the spec class (for Jackson) and the factory (for
 * Guice), so the two can never drift apart. Each kind has two overloads: a factory class that Guice
 * instantiates (and may inject), or a factory instance such as a constructor reference. Two plugins
 * registering the same type name for the same kind make startup fail with a message naming both.
 */
public final class Plugins {

    private Plugins() {}

    /**
     * Registers an encoder type whose factory Guice creates.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory class; Guice creates it, so it may {@code @Inject} services
     * @param <S> the spec type
     */
    public static <S extends EncoderSpec> void encoder(Binder binder, String type, Class<S> spec,
            Class<? extends ComponentFactory<S, ? extends Encoder>> factory) {
        register(binder, ComponentKind.ENCODER, type, spec, factory);
    }

    /**
     * Registers an encoder type with a ready factory, for example {@code MlpEncoder::new}.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory, for example a constructor reference taking the spec
     * @param <S> the spec type
     */
    public static <S extends EncoderSpec> void encoder(Binder binder, String type, Class<S> spec,
            ComponentFactory<S, ? extends Encoder> factory) {
        register(binder, ComponentKind.ENCODER, type, spec, factory);
    }

    /**
     * Registers a decoder type whose factory Guice creates.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory class; Guice creates it, so it may {@code @Inject} services
     * @param <S> the spec type
     */
    public static <S extends DecoderSpec> void decoder(Binder binder, String type, Class<S> spec,
            Class<? extends ComponentFactory<S, ? extends Decoder>> factory) {
        register(binder, ComponentKind.DECODER, type, spec, factory);
    }

    /**
     * Registers a decoder type with a ready factory.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory, for example a constructor reference taking the spec
     * @param <S> the spec type
     */
    public static <S extends DecoderSpec> void decoder(Binder binder, String type, Class<S> spec,
            ComponentFactory<S, ? extends Decoder> factory) {
        register(binder, ComponentKind.DECODER, type, spec, factory);
    }

    /**
     * Registers a prior type whose factory Guice creates.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory class; Guice creates it, so it may {@code @Inject} services
     * @param <S> the spec type
     */
    public static <S extends PriorSpec> void prior(Binder binder, String type, Class<S> spec,
            Class<? extends ComponentFactory<S, ? extends Prior>> factory) {
        register(binder, ComponentKind.PRIOR, type, spec, factory);
    }

    /**
     * Registers a prior type with a ready factory.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory, for example a constructor reference taking the spec
     * @param <S> the spec type
     */
    public static <S extends PriorSpec> void prior(Binder binder, String type, Class<S> spec,
            ComponentFactory<S, ? extends Prior> factory) {
        register(binder, ComponentKind.PRIOR, type, spec, factory);
    }

    /**
     * Registers a loss-term type whose factory Guice creates.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory class; Guice creates it, so it may {@code @Inject} services
     * @param <S> the spec type
     */
    public static <S extends LossSpec> void loss(Binder binder, String type, Class<S> spec,
            Class<? extends ComponentFactory<S, ? extends LossTerm>> factory) {
        register(binder, ComponentKind.LOSS, type, spec, factory);
    }

    /**
     * Registers a loss-term type with a ready factory.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory, for example a constructor reference taking the spec
     * @param <S> the spec type
     */
    public static <S extends LossSpec> void loss(Binder binder, String type, Class<S> spec,
            ComponentFactory<S, ? extends LossTerm> factory) {
        register(binder, ComponentKind.LOSS, type, spec, factory);
    }

    /**
     * Registers a data-source type whose factory Guice creates.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory class; Guice creates it, so it may {@code @Inject} services
     * @param <S> the spec type
     */
    public static <S extends DataSpec> void data(Binder binder, String type, Class<S> spec,
            Class<? extends ComponentFactory<S, ? extends DataSource>> factory) {
        register(binder, ComponentKind.DATA, type, spec, factory);
    }

    /**
     * Registers a data-source type with a ready factory.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory, for example a constructor reference taking the spec
     * @param <S> the spec type
     */
    public static <S extends DataSpec> void data(Binder binder, String type, Class<S> spec,
            ComponentFactory<S, ? extends DataSource> factory) {
        register(binder, ComponentKind.DATA, type, spec, factory);
    }

    /**
     * Registers a corruption type whose factory Guice creates.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory class; Guice creates it, so it may {@code @Inject} services
     * @param <S> the spec type
     */
    public static <S extends CorruptionSpec> void corruption(Binder binder, String type, Class<S> spec,
            Class<? extends ComponentFactory<S, ? extends Corruption>> factory) {
        register(binder, ComponentKind.CORRUPTION, type, spec, factory);
    }

    /**
     * Registers a corruption type with a ready factory.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "beta-kl"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory, for example a constructor reference taking the spec
     * @param <S> the spec type
     */
    public static <S extends CorruptionSpec> void corruption(Binder binder, String type, Class<S> spec,
            ComponentFactory<S, ? extends Corruption> factory) {
        register(binder, ComponentKind.CORRUPTION, type, spec, factory);
    }

    /**
     * Registers a metric type whose factory Guice creates.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "mig"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory class; Guice creates it, so it may {@code @Inject} services
     * @param <S> the spec type
     */
    public static <S extends MetricSpec> void metric(Binder binder, String type, Class<S> spec,
            Class<? extends ComponentFactory<S, ? extends Metric>> factory) {
        register(binder, ComponentKind.METRIC, type, spec, factory);
    }

    /**
     * Registers a metric type with a ready factory.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "mig"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory, for example a constructor reference taking the spec
     * @param <S> the spec type
     */
    public static <S extends MetricSpec> void metric(Binder binder, String type, Class<S> spec,
            ComponentFactory<S, ? extends Metric> factory) {
        register(binder, ComponentKind.METRIC, type, spec, factory);
    }

    /**
     * Registers a schedule type whose factory Guice creates.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "linear"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory class; Guice creates it, so it may {@code @Inject} services
     * @param <S> the spec type
     */
    public static <S extends ScheduleSpec> void schedule(Binder binder, String type, Class<S> spec,
            Class<? extends ComponentFactory<S, ? extends Schedule>> factory) {
        register(binder, ComponentKind.SCHEDULE, type, spec, factory);
    }

    /**
     * Registers a schedule type with a ready factory.
     *
     * @param binder the plugin's binder, {@code binder()} inside {@code configure()}
     * @param type the kebab-case name configs use in their {@code "type"} field, for example {@code "linear"}
     * @param spec the spec record class that configs of this type bind to
     * @param factory the factory, for example a constructor reference taking the spec
     * @param <S> the spec type
     */
    public static <S extends ScheduleSpec> void schedule(Binder binder, String type, Class<S> spec,
            ComponentFactory<S, ? extends Schedule> factory) {
        register(binder, ComponentKind.SCHEDULE, type, spec, factory);
    }

    /**
     * The set every registration is added to. Plugins do not need it; the framework binds it even when
     * no plugin is installed.
     *
     * @param binder a binder
     * @return the multibinder that collects every registration; the framework reads its set
     */
    public static Multibinder<ComponentRegistration> registrations(Binder binder) {
        return Multibinder.newSetBinder(binder, ComponentRegistration.class).permitDuplicates();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(Binder binder, ComponentKind kind, String type, Class<? extends ComponentSpec> spec,
            Class<? extends ComponentFactory> factory) {
        ComponentRegistration registration = new ComponentRegistration(kind, type, spec,
                (Class<? extends ComponentFactory<?, ?>>) (Class) factory, null);
        registrations(binder.skipSources(Plugins.class)).addBinding().toInstance(registration);
    }

    private static void register(Binder binder, ComponentKind kind, String type, Class<? extends ComponentSpec> spec,
            ComponentFactory<?, ?> factory) {
        ComponentRegistration registration = new ComponentRegistration(kind, type, spec, null, factory);
        registrations(binder.skipSources(Plugins.class)).addBinding().toInstance(registration);
    }
}
