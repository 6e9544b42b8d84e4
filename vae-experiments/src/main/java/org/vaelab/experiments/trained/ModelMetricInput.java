package org.vaelab.experiments.trained;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.metric.Encoding;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.engine.Engine;

/**
 * A metric's view of a trained model: its encode and decode calls, the data and the metric's seed; and, for the
 * framework's own likelihood metrics, the engine that scores the model.
 */
record ModelMetricInput(TrainedModel model, Engine engine, Dataset data, Optional<GroundTruthFactors> groundTruth,
        long seed) implements MetricInput {

    @Override
    public int latentDim() {
        return model.latentDim();
    }

    @Override
    public Encoding encode(INDArray images) {
        return model.encode(images);
    }

    @Override
    public INDArray decode(INDArray z) {
        return model.decode(z);
    }
}
