package org.vaelab.metrics.disentanglement;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.math.la.SparseVector;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.metrics.internal.Classifiers;
import org.vaelab.metrics.internal.Factors;
import org.vaelab.metrics.internal.Stats;

/**
 * Disentanglement, completeness and informativeness (Eastwood and Williams, "A Framework for the Quantitative
 * Evaluation of Disentangled Representations", ICLR 2018), as disentanglement_lib's {@code dci.py}, with a
 * tree ensemble per factor (Tribuo bagged CART trees or random forest, where disentanglement_lib uses
 * scikit-learn's gradient-boosted trees) whose mean-decrease-in-impurity feature importances form the
 * importance matrix R {@code [latentDim][factors]}. Returns {@code disentanglement} and {@code completeness}
 * in [0, 1] (1 - entropy of R's rows (columns) with base the number of factors (latent dimensions), weighted
 * by each row's (column's) share of the importance), {@code informativeness} (mean test accuracy over factors)
 * and {@code informativeness_train}.
 */
public final class Dci implements Metric {

    private final DciSpec spec;

    /** @param spec the config */
    public Dci(DciSpec spec) {
        this.spec = spec;
    }

    @Override
    public void checkData(org.vaelab.api.data.Dataset data, java.util.Optional<GroundTruthFactors> groundTruth) {
        Factors.require(groundTruth, DciSpec.TYPE);            // before training, not after its last epoch
    }

    @Override
    public Map<String, Double> compute(MetricInput input) {
        GroundTruthFactors truth = Factors.require(input, DciSpec.TYPE);
        SplittableRandom rng = new SplittableRandom(input.seed());
        Factors.Codes train = Factors.sample(input, truth, spec.numTrain(), rng);
        Factors.Codes test = Factors.sample(input, truth, spec.numTest(), rng);
        int d = train.means()[0].length;
        int k = truth.sizes().length;
        double[][] importance = new double[d][k];
        double trainAccuracy = 0.0;
        double testAccuracy = 0.0;
        for (int j = 0; j < k; j++) {
            int[] yTrain = Factors.column(train.factors(), j);
            int[] yTest = Factors.column(test.factors(), j);
            MutableDataset<Label> data = Classifiers.dataset(train.means(), yTrain, DciSpec.TYPE);
            EnsembleModel<Label> model = trainer(rng.nextLong()).train(data);
            double[] r = importances(model, data, d);
            for (int i = 0; i < d; i++) {
                importance[i][j] = r[i];
            }
            trainAccuracy += Classifiers.accuracy(model, train.means(), yTrain) / k;
            testAccuracy += Classifiers.accuracy(model, test.means(), yTest) / k;
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("disentanglement", disentanglement(importance));
        result.put("completeness", completeness(importance));
        result.put("informativeness", testAccuracy);
        result.put("informativeness_train", trainAccuracy);
        return result;
    }

    private BaggingTrainer<Label> trainer(long seed) {
        if (spec.featureFraction() < 1.0) {
            CARTClassificationTrainer tree = new CARTClassificationTrainer(spec.maxDepth(),
                    spec.featureFraction().floatValue(), seed);
            return new RandomForestTrainer<>(tree, new VotingCombiner(), spec.numTrees(), seed);
        }
        return new BaggingTrainer<>(new CARTClassificationTrainer(spec.maxDepth(), 1.0f, seed), new VotingCombiner(),
                spec.numTrees(), seed);
    }

    /**
     * Mean decrease in Gini impurity of each feature (scikit-learn's {@code feature_importances_}), counted by
     * passing the training data through each tree, normalised to sum 1 per tree and averaged over the trees.
     */
    static double[] importances(EnsembleModel<Label> model, MutableDataset<Label> data, int d) {
        double[] total = new double[d];
        int trees = 0;
        for (Model<Label> member : model.getModels()) {
            TreeModel<Label> tree = (TreeModel<Label>) member;
            ImmutableFeatureMap features = tree.getFeatureIDMap();
            Map<String, Integer> classes = new LinkedHashMap<>();
            Map<Node<Label>, double[]> counts = new IdentityHashMap<>();
            for (Example<Label> example : data) {
                classes.putIfAbsent(example.getOutput().getLabel(), classes.size());
            }
            int c = classes.size();
            for (Example<Label> example : data) {
                SparseVector x = SparseVector.createSparseVector(example, features, false);
                int y = classes.get(example.getOutput().getLabel());
                Node<Label> node = tree.getRoot();
                while (node != null) {
                    counts.computeIfAbsent(node, n -> new double[c])[y]++;
                    if (node.isLeaf()) {
                        break;
                    }
                    node = node.getNextNode(x);
                }
            }
            double[] treeImportance = new double[d];
            // walk the tree from the root, so the sums are added in the same order on every run
            java.util.ArrayDeque<Node<Label>> queue = new java.util.ArrayDeque<>();
            queue.add(tree.getRoot());
            while (!queue.isEmpty()) {
                Node<Label> node = queue.poll();
                if (node instanceof SplitNode<Label> split) {
                    double decrease = weightedGini(counts.get(split))
                            - weightedGini(counts.get(split.getGreaterThan()))
                            - weightedGini(counts.get(split.getLessThanOrEqual()));
                    String name = features.get(split.getFeatureID()).getName();
                    int i = Integer.parseInt(name.substring(1));
                    treeImportance[i] += Math.max(0.0, decrease);
                    queue.add(split.getLessThanOrEqual());
                    queue.add(split.getGreaterThan());
                }
            }
            double sum = 0.0;
            for (double v : treeImportance) {
                sum += v;
            }
            if (sum > 0.0) {
                for (int i = 0; i < d; i++) {
                    total[i] += treeImportance[i] / sum;
                }
            }
            trees++;
        }
        for (int i = 0; i < d; i++) {
            total[i] = trees == 0 ? 0.0 : total[i] / trees;
        }
        return total;
    }

    /** @return n * Gini(counts), 0 for a node no example reached */
    private static double weightedGini(double[] counts) {
        if (counts == null) {
            return 0.0;
        }
        double n = 0.0;
        double squares = 0.0;
        for (double v : counts) {
            n += v;
            squares += v * v;
        }
        return n == 0.0 ? 0.0 : n - squares / n;
    }

    /**
     * @param importance R {@code [codes][factors]}, non-negative
     * @return sum over codes of (1 - H_k(row)) times the row's share of the importance; 0 when R is all zero
     */
    public static double disentanglement(double[][] importance) {
        int d = importance.length;
        int k = importance[0].length;
        double total = 0.0;
        for (double[] row : importance) {
            for (double v : row) {
                total += v;
            }
        }
        if (total <= 0.0) {
            return 0.0;
        }
        double score = 0.0;
        for (int i = 0; i < d; i++) {
            double rowSum = 0.0;
            for (double v : importance[i]) {
                rowSum += v;
            }
            double h = k > 1 ? Stats.entropy(importance[i], k) : 0.0;
            score += (1.0 - h) * rowSum / total;
        }
        return score;
    }

    /**
     * @param importance R {@code [codes][factors]}, non-negative
     * @return sum over factors of (1 - H_d(column)) times the column's share of the importance; 0 when R is all
     *     zero
     */
    public static double completeness(double[][] importance) {
        int d = importance.length;
        int k = importance[0].length;
        double[][] transposed = new double[k][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < k; j++) {
                transposed[j][i] = importance[i][j];
            }
        }
        return disentanglement(transposed);
    }
}
