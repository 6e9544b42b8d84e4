package org.vaelab.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.engine.Engine;
import org.vaelab.engine.SameDiffEngine;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;

class IwaeTest {

    private static VaeGraph graph;
    private static DataSplit test;

    @BeforeAll
    static void untrainedTinyModel() {
        ExperimentConfig config = new ConfigLoader(TestFixtures.framework()).parse(TestFixtures.TINY_CONFIG, "tiny.yaml",
                List.of());
        ExperimentRunner runner = new ExperimentRunner(TestFixtures.framework(), new PrintStream(new ByteArrayOutputStream()),
                Progress.silent());
        Dataset data = runner.createDataSource(config).load(1);
        graph = VaeGraph.build(runner.createComponents(config), data.info().shape(), config.model().latentDim(), 3);
        test = new DataSplit(data.test().images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), null, null);
    }

    private static Engine reference() {
        return new SameDiffEngine(graph, "reference");
    }

    @Test
    void logMeanExpIsStableAndExact() {
        double[] v = {-1000, -1000 + Math.log(3), 5, 7};
        assertThat(Evaluator.logMeanExp(v, 0, 2)).isCloseTo(-1000 + Math.log(2), within(1e-9));
        assertThat(Evaluator.logMeanExp(v, 2, 2)).isCloseTo(Math.log((Math.exp(5) + Math.exp(7)) / 2), within(1e-12));
    }

    @Test
    void withOneSampleItsAverageIsTheElbo() {
        // E[-log w] over z ~ q equals recon + KL exactly; average 400 single-sample estimates per image
        INDArray repeated = test.images().repeat(0, 400);
        double oneSample = Evaluator.iwaeNegLogLikelihood(reference(), new DataSplit(repeated, null, null), 1, 4000, 11);
        double negElbo = Evaluator.evaluate(reference(), test, 8, 5, "").get("negElbo");
        assertThat(oneSample).isCloseTo(negElbo, within(0.01 * negElbo));
    }

    @Test
    void moreSamplesGiveATighterBoundAndTheSameSeedTheSameNumber() {
        double negElbo = Evaluator.evaluate(reference(), test, 8, 5, "").get("negElbo");
        double k64 = Evaluator.iwaeNegLogLikelihood(reference(), test, 64, 10_000, 7);
        double k512 = Evaluator.iwaeNegLogLikelihood(reference(), test, 512, 10_000, 7);
        assertThat(k64).isLessThan(negElbo);
        assertThat(k512).isLessThan(k64);
        assertThat(Evaluator.iwaeNegLogLikelihood(reference(), test, 64, 10_000, 7)).isEqualTo(k64);
        // the batching of images into graph calls does not change the estimate
        assertThat(Evaluator.iwaeNegLogLikelihood(reference(), test, 64, 64, 7)).isCloseTo(k64, within(1e-3));
    }
}
