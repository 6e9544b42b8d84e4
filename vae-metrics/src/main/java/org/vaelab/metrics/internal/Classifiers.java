package org.vaelab.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Tribuo classifiers the metrics train (Apache-2.0, https://tribuo.org): multinomial logistic regression
 * and a linear SVM, both fit by SGD with AdaGrad, seeded; and the data plumbing into Tribuo's datasets.
 */
public final class Classifiers {

    private static final LabelFactory LABELS = new LabelFactory();

    /** Held so the level set on it is not lost when the logger would be garbage-collected. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        // Tribuo logs each training run at INFO through java.util.logging; a metric should not
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    private Classifiers() {}

    /**
     * @param epochs passes over the training data
     * @param seed the trainer's seed (shuffling)
     * @return a multinomial logistic regression trainer (softmax, log loss), as sklearn's LogisticRegression
     */
    public static Trainer<Label> logisticRegression(int epochs, long seed) {
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs, Integer.MAX_VALUE, 1, seed);
    }

    /**
     * @param epochs passes over the training data
     * @param seed the trainer's seed (shuffling)
     * @return a linear SVM trainer (multiclass hinge loss), as sklearn's LinearSVC
     */
    public static Trainer<Label> linearSvm(int epochs, long seed) {
        return new LinearSGDTrainer(new Hinge(), new AdaGrad(0.5, 0.1), epochs, Integer.MAX_VALUE, 1, seed);
    }

    /**
     * @param d the number of features
     * @return the feature names {@code z0..z(d-1)}
     */
    public static String[] featureNames(int d) {
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = String.format("z%03d", j);
        }
        return names;
    }

    /**
     * @param x features {@code [n][d]}
     * @param y class indices {@code [n]}
     * @param source a name for the data's provenance
     * @return a Tribuo dataset with labels named by the class index
     */
    public static MutableDataset<Label> dataset(double[][] x, int[] y, String source) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(source, LABELS), LABELS);
        data.addAll(examples(x, y));
        return data;
    }

    /**
     * @param x features {@code [n][d]}
     * @param y class indices {@code [n]}
     * @return one example per row
     */
    public static List<Example<Label>> examples(double[][] x, int[] y) {
        String[] names = featureNames(x[0].length);
        List<Example<Label>> examples = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            examples.add(new ArrayExample<>(new Label(Integer.toString(y[i])), names, x[i]));
        }
        return examples;
    }

    /**
     * @param model a trained classifier
     * @param x features {@code [n][d]}
     * @param y true class indices {@code [n]}
     * @return the fraction predicted right
     */
    public static double accuracy(Model<Label> model, double[][] x, int[] y) {
        List<Prediction<Label>> predictions = model.predict(examples(x, y));
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            if (predictions.get(i).getOutput().getLabel().equals(Integer.toString(y[i]))) {
                right++;
            }
        }
        return (double) right / y.length;
    }

    /**
     * Standardises columns with the mean and standard deviation of {@code fit} (a constant column is only
     * centred), so SGD sees features of unit scale.
     *
     * @param fit the rows the statistics come from
     * @param apply the rows to transform (may be {@code fit})
     * @return the transformed copy of {@code apply}
     */
    public static double[][] standardize(double[][] fit, double[][] apply) {
        int d = fit[0].length;
        double[] mean = new double[d];
        for (double[] row : fit) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / fit.length;
            }
        }
        double[] var = Stats.columnVariance(fit, 0);
        double[][] out = new double[apply.length][d];
        for (int i = 0; i < apply.length; i++) {
            for (int j = 0; j < d; j++) {
                double sd = Math.sqrt(var[j]);
                out[i][j] = sd > 1e-12 ? (apply[i][j] - mean[j]) / sd : apply[i][j] - mean[j];
            }
        }
        return out;
    }
}
