package org.vaelab.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.metric.Encoding;
import org.vaelab.engine.StepCallback;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.engine.dense.DenseVae;
import org.vaelab.engine.graph.VaeGraph;

/** The hand-written dense engine ({@link DenseVae}) behind the {@link Engine} interface. */
public final class DenseEngine implements Engine {

    private final DenseVae dense;
    private final SessionInference inference;

    /** @param dense the dense engine over the graph */
    public DenseEngine(DenseVae dense) {
        this.dense = dense;
        this.inference = new SessionInference(dense.graph());
    }

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public String description() {
        return "dense (" + dense.threads() + " thread" + (dense.threads() == 1 ? "" : "s") + ")";
    }

    @Override
    public VaeGraph graph() {
        return dense.graph();
    }

    @Override
    public void prepare() {}

    @Override
    public void trainEpoch(BatchIterator batches, StepCallback onStep) {
        VaeGraph graph = dense.graph();
        float[] x = new float[batches.batchSize() * Math.toIntExact(graph.context().inputDim())];
        float[] eps = new float[batches.batchSize() * graph.context().latentDim()];
        while (batches.hasNext()) {
            int rows = batches.nextInto(x, eps);
            onStep.step(rows, dense.trainStep(x, eps, rows));
        }
        dense.endEpoch();
    }

    @Override
    public BatchValues evaluate(INDArray x, INDArray eps) {
        DenseVae.BatchValues v = dense.evaluate(x, eps);
        return new BatchValues(v.negElbo(), v.recon(), v.kl(), v.termMeans());
    }

    @Override
    public double[][] logWeights(INDArray x, INDArray eps, int samples) {
        return dense.logWeights(x, eps, samples);
    }

    @Override
    public void close() {
        dense.close();
    }

    @Override
    public Encoding encode(INDArray images) {
        return inference.encode(images);
    }

    @Override
    public INDArray decode(INDArray z) {
        return inference.decode(z);
    }
}
