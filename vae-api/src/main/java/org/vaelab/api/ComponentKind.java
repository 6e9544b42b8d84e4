package org.vaelab.api;

import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.corruption.CorruptionSpec;
import org.vaelab.api.data.DataSource;
import org.vaelab.api.data.DataSpec;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricSpec;
import org.vaelab.api.model.Decoder;
import org.vaelab.api.model.DecoderSpec;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.EncoderSpec;
import org.vaelab.api.model.Prior;
import org.vaelab.api.model.PriorSpec;
import org.vaelab.api.schedule.Schedule;
import org.vaelab.api.schedule.ScheduleSpec;

/** The kinds of pluggable component, each with the spec base type a config binds to and the component type. */
public enum ComponentKind {
    /** Encoders q(z|x). */
    ENCODER("encoder", EncoderSpec.class, Encoder.class),
    /** Decoders p(x|z). */
    DECODER("decoder", DecoderSpec.class, Decoder.class),
    /** Priors p(z). */
    PRIOR("prior", PriorSpec.class, Prior.class),
    /** Loss terms, summed with weights into the training objective. */
    LOSS("loss", LossSpec.class, LossTerm.class),
    /** Data sources. */
    DATA("data", DataSpec.class, DataSource.class),
    /** Input corruptions applied to each batch before the encoder. */
    CORRUPTION("corruption", CorruptionSpec.class, Corruption.class),
    /** Metrics of a trained model, listed under {@code evaluation.metrics}. */
    METRIC("metric", MetricSpec.class, Metric.class),
    /** Schedules over training steps, nested in the components that follow them (a KL weight's warm-up). */
    SCHEDULE("schedule", ScheduleSpec.class, Schedule.class);

    private final String label;
    private final Class<? extends ComponentSpec> specType;
    private final Class<?> componentType;

    ComponentKind(String label, Class<? extends ComponentSpec> specType, Class<?> componentType) {
        this.label = label;
        this.specType = specType;
        this.componentType = componentType;
    }

    /** @return the lower-case name used in messages and listings, for example {@code "encoder"} */
    public String label() {
        return label;
    }

    /** @return the spec base type that configs of this kind deserialize to */
    public Class<? extends ComponentSpec> specType() {
        return specType;
    }

    /** @return the component interface that factories of this kind create */
    public Class<?> componentType() {
        return componentType;
    }
}
