package org.vaelab.metrics.representation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.metrics.internal.Classifiers;
import org.vaelab.metrics.internal.Factors;

/**
 * Linear probe: a multinomial logistic regression (Tribuo, SGD) from the posterior means to the class labels,
 * trained on the train split and scored on the test split. Returns {@code ""} (test accuracy) and
 * {@code "train"} (training accuracy).
 */
public final class LinearProbe implements Metric {

    private final LinearProbeSpec spec;

    /** @param spec the config */
    public LinearProbe(LinearProbeSpec spec) {
        this.spec = spec;
    }

    @Override
    public void checkData(org.vaelab.api.data.Dataset data,
            java.util.Optional<org.vaelab.api.data.GroundTruthFactors> groundTruth) {
        requireLabels(data);                            // before training, not after its last epoch
    }

    private static void requireLabels(org.vaelab.api.data.Dataset data) {
        DataSplit train = data.train();
        if (train.labels() == null || data.test().labels() == null) {
            throw new UserInputException("metric '" + LinearProbeSpec.TYPE + "' needs class labels, and the run's data ("
                    + data.info().description() + ") have none in the " + (train.labels() == null ? "train" : "test")
                    + " split: remove it from evaluation.metrics or use labelled data");
        }
    }

    @Override
    public Map<String, Double> compute(MetricInput input) {
        requireLabels(input.data());
        DataSplit train = input.data().train();
        DataSplit test = input.data().test();
        INDArray trainImages = train.images();
        INDArray trainLabels = train.labels();
        if (spec.maxTrain() > 0 && train.size() > spec.maxTrain()) {
            trainImages = trainImages.get(NDArrayIndex.interval(0, spec.maxTrain()), NDArrayIndex.all());
            trainLabels = trainLabels.reshape(-1).get(NDArrayIndex.interval(0, spec.maxTrain()));
        }
        double[][] xTrain = Factors.means(input, trainImages);
        double[][] xTest = Factors.means(input, test.images());
        int[] yTrain = labels(trainLabels);
        int[] yTest = labels(test.labels());
        double[][] sTrain = Classifiers.standardize(xTrain, xTrain);
        double[][] sTest = Classifiers.standardize(xTrain, xTest);
        Model<Label> model = Classifiers.logisticRegression(spec.epochs(), input.seed())
                .train(Classifiers.dataset(sTrain, yTrain, LinearProbeSpec.TYPE));
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("", Classifiers.accuracy(model, sTest, yTest));
        result.put("train", Classifiers.accuracy(model, sTrain, yTrain));
        return result;
    }

    private static int[] labels(INDArray labels) {
        double[] values = labels.reshape(-1).toDoubleVector();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) Math.round(values[i]);
        }
        return out;
    }
}
