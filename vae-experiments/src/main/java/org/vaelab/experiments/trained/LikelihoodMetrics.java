package org.vaelab.experiments.trained;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.api.metric.MetricSpec;
import org.vaelab.engine.batch.Evaluator;

/**
 * The framework's own likelihood metrics, {@code elbo} and {@code iwae-nll}: they score the model through its
 * engine (the same code as the per-epoch test metrics), so they are registered by the framework, not a plugin.
 */
public final class LikelihoodMetrics {

    private LikelihoodMetrics() {}

    /**
     * The test split's negative ELBO and its two parts, in nats per image.
     *
     * @param batchSize images per evaluation batch
     */
    public record ElboSpec(
            @JsonPropertyDescription("Images per evaluation batch.") @Positive Integer batchSize)
            implements MetricSpec {
        /** The type name. */
        public static final String TYPE = "elbo";

        /** Fills in the default. */
        public ElboSpec {
            if (batchSize == null) {
                batchSize = 500;
            }
        }
    }

    /**
     * The importance-weighted estimate of -log p(x) on the test split (Burda et al. 2016).
     *
     * @param samples importance samples per image, K
     * @param rowsPerBatch images x samples per engine call
     */
    public record IwaeSpec(
            @JsonPropertyDescription("Importance samples per image, K (1000 is the usual choice for papers).") @Positive
            @Max(100_000) Integer samples,
            @JsonPropertyDescription("Images x samples per engine call, a memory bound.") @Positive
            Integer rowsPerBatch) implements MetricSpec {
        /** The type name. */
        public static final String TYPE = "iwae-nll";

        /** Fills in the defaults. */
        public IwaeSpec {
            if (samples == null) {
                samples = 1000;
            }
            if (rowsPerBatch == null) {
                rowsPerBatch = 20_000;
            }
        }
    }

    /** @return the {@code elbo} metric */
    public static Metric elbo(ElboSpec spec) {
        return input -> {
            Map<String, Double> test = Evaluator.evaluate(engine(input), input.data().test(),
                    spec.batchSize(), input.seed(), "");
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("negElbo", test.get("negElbo"));
            out.put("recon", test.get("recon"));
            out.put("kl", test.get("kl"));
            return out;
        };
    }

    /** @return the {@code iwae-nll} metric */
    public static Metric iwae(IwaeSpec spec) {
        return input -> Map.of("", Evaluator.iwaeNegLogLikelihood(engine(input), input.data().test(),
                spec.samples(), spec.rowsPerBatch(), input.seed()));
    }

    private static org.vaelab.engine.Engine engine(MetricInput input) {
        if (input instanceof ModelMetricInput m && m.engine() != null) {
            return m.engine();
        }
        throw new IllegalStateException("the likelihood metrics run inside the framework, which gives them its engine");
    }
}
