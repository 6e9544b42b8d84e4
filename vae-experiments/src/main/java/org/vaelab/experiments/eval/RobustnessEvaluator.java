package org.vaelab.experiments.eval;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.ImageShape;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.VaeGraph;

/**
 * How well the model reconstructs the clean image from a corrupted one, on a held-out split: the
 * corruption is drawn from a fixed seed, so every epoch and every model in an ablation sees the same
 * corrupted images. Reconstructions use the posterior mean (no sampling noise).
 *
 * <p>Metrics (all against the clean image, pixel values in [0, 1]):
 * <ul>
 *   <li>{@code corrupted/mse}, {@code corrupted/mseHidden}, {@code corrupted/mseVisible}: mean squared
 *       error per pixel over all pixels, over the pixels the corruption hid (mask 1) and over the others
 *       (the last two only when the corruption yields a mask);</li>
 *   <li>{@code corrupted/psnr}, {@code corrupted/ssim}: mean over images of PSNR (dB) and SSIM;</li>
 *   <li>{@code corrupted/inputPsnr}: PSNR of the corrupted input itself, the baseline to beat;</li>
 *   <li>{@code clean/mse}, {@code clean/psnr}, {@code clean/ssim}: the same for reconstructions of the
 *       uncorrupted input.</li>
 * </ul>
 */
public final class RobustnessEvaluator {

    private RobustnessEvaluator() {}

    /**
     * The metrics and the first images, for a picture.
     *
     * @param metrics metric name to value
     * @param clean the first clean images
     * @param corrupted the same images corrupted
     * @param reconstructed their reconstructions from the corrupted images
     */
    public record Result(Map<String, Double> metrics, INDArray clean, INDArray corrupted, INDArray reconstructed) {}

    /**
     * @param graph the model
     * @param split the split to score
     * @param shape the image shape
     * @param corruption the corruption to apply
     * @param batchSize examples per batch
     * @param seed the corruption's seed
     * @param keep how many of the first images to return for a picture
     * @return the metrics and the first images
     */
    public static Result evaluate(VaeGraph graph, DataSplit split, ImageShape shape, Corruption corruption, int batchSize,
            long seed, int keep) {
        SplittableRandom rng = new SplittableRandom(seed);
        long n = split.size();
        int d = Math.toIntExact(shape.size());
        Map<String, Double> sums = new HashMap<>();
        double hiddenSq = 0;
        double hiddenCount = 0;
        double visibleSq = 0;
        double visibleCount = 0;
        INDArray[] firsts = null;
        for (long start = 0; start < n; start += batchSize) {
            long end = Math.min(n, start + batchSize);
            int rows = Math.toIntExact(end - start);
            INDArray x = split.images().get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).dup();
            CorruptedBatch c = corruption.corrupt(x, shape, rng);
            INDArray zeros = Nd4j.zeros(x.dataType(), rows, graph.context().latentDim());
            INDArray fromCorrupted = reconstruct(graph, x, c, zeros);
            INDArray fromClean = graph.sd().output(Evaluator.feeds(graph, x, zeros), VaeGraph.MEAN).get(VaeGraph.MEAN);
            float[] clean = floats(x);
            float[] input = floats(c.input());
            float[] recon = floats(fromCorrupted);
            float[] reconClean = floats(fromClean);
            float[] mask = c.mask() == null ? null : floats(c.mask());
            for (int i = 0; i < rows; i++) {
                int offset = i * d;
                double mse = ImageQuality.mse(clean, recon, offset, d);
                double mseClean = ImageQuality.mse(clean, reconClean, offset, d);
                sums.merge("corrupted/mse", mse, Double::sum);
                sums.merge("corrupted/psnr", ImageQuality.psnr(mse), Double::sum);
                sums.merge("corrupted/ssim", ImageQuality.ssim(clean, recon, offset, shape), Double::sum);
                sums.merge("corrupted/inputPsnr", ImageQuality.psnr(ImageQuality.mse(clean, input, offset, d)), Double::sum);
                sums.merge("clean/mse", mseClean, Double::sum);
                sums.merge("clean/psnr", ImageQuality.psnr(mseClean), Double::sum);
                sums.merge("clean/ssim", ImageQuality.ssim(clean, reconClean, offset, shape), Double::sum);
                if (mask != null) {
                    for (int p = offset; p < offset + d; p++) {
                        double e = clean[p] - recon[p];
                        if (mask[p] > 0.5f) {
                            hiddenSq += e * e;
                            hiddenCount++;
                        } else {
                            visibleSq += e * e;
                            visibleCount++;
                        }
                    }
                }
            }
            if (firsts == null) {
                int k = Math.min(keep, rows);
                firsts = new INDArray[] {rows(x, k), rows(c.input(), k), rows(fromCorrupted, k)};
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String name : new String[] {"corrupted/mse", "corrupted/psnr", "corrupted/ssim", "corrupted/inputPsnr",
                "clean/mse", "clean/psnr", "clean/ssim"}) {
            metrics.put(name, sums.get(name) / n);
        }
        if (hiddenCount > 0) {
            metrics.put("corrupted/mseHidden", hiddenSq / hiddenCount);
        }
        if (visibleCount > 0) {
            metrics.put("corrupted/mseVisible", visibleSq / visibleCount);
        }
        return new Result(metrics, firsts[0], firsts[1], firsts[2]);
    }

    /** The posterior-mean reconstruction of the corrupted batch. */
    private static INDArray reconstruct(VaeGraph graph, INDArray x, CorruptedBatch c, INDArray zeros) {
        Map<String, INDArray> feeds = new HashMap<>();
        if (graph.hasInput()) {
            feeds.put(VaeGraph.X, x);
            feeds.put(VaeGraph.INPUT, c.input());
        } else {
            feeds.put(VaeGraph.X, c.input());        // trained without corruption: the encoder reads x
        }
        if (graph.hasMask()) {
            feeds.put(VaeGraph.MASK, c.mask() != null ? c.mask() : Nd4j.zeros(x.dataType(), x.shape()));
        }
        feeds.put(VaeGraph.EPS, zeros);
        return graph.sd().output(feeds, VaeGraph.MEAN).get(VaeGraph.MEAN);
    }

    private static float[] floats(INDArray a) {
        return (a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT)).dup('c').data().asFloat();
    }

    private static INDArray rows(INDArray a, int k) {
        return a.get(NDArrayIndex.interval(0, k), NDArrayIndex.all()).dup();
    }
}
