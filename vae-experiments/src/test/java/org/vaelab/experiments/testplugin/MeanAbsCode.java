package org.vaelab.experiments.testplugin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.api.metric.MetricSpec;

/**
 * A test metric: the mean |posterior mean| over the test images, and the mean squared error of decoding those
 * means; with {@code needFactors}, it refuses data without a ground-truth factor generator.
 */
public final class MeanAbsCode implements Metric {

    /** @param needFactors whether the metric needs a factor generator */
    public record Spec(@JsonPropertyDescription("Require a factor generator.") Boolean needFactors) implements MetricSpec {
        public static final String TYPE = "mean-abs-code";
    }

    private final Spec spec;

    /** @param spec the config */
    public MeanAbsCode(Spec spec) {
        this.spec = spec;
    }

    @Override
    public void checkData(Dataset data, Optional<GroundTruthFactors> groundTruth) {
        if (Boolean.TRUE.equals(spec.needFactors()) && groundTruth.isEmpty()) {
            throw new UserInputException("mean-abs-code with needFactors: the data have no factor generator");
        }
    }

    @Override
    public Map<String, Double> compute(MetricInput input) {
        INDArray x = input.data().test().images();
        INDArray mean = input.encode(x).mean();
        INDArray decoded = input.decode(mean);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("code", mean.amean().getDouble(0));
        out.put("mse", decoded.castTo(x.dataType()).squaredDistance(x) / x.length());
        return out;
    }
}
