package org.vaelab.experiments.pictures;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.data.ImageShape;
import org.vaelab.experiments.trained.TrainedModel;

/** Decoded prior samples, {@value #COLUMNS} a row, titled "prior samples". */
public final class SamplePicture {

    /** Tiles per row. */
    public static final int COLUMNS = 8;
    /** The picture's title. */
    public static final String TITLE = "prior samples";

    private SamplePicture() {}

    /**
     * @param model the trained model
     * @param n how many samples
     * @param seed seeds the prior draws
     * @param shape image shape
     * @return the picture
     */
    public static BufferedImage render(TrainedModel model, int n, long seed, ImageShape shape) {
        return render(model.sample(n, seed), shape);
    }

    /**
     * @param samples {@code [n, C*H*W]} decoded samples
     * @param shape image shape
     * @return the picture
     */
    public static BufferedImage render(INDArray samples, ImageShape shape) {
        return render(samples, shape, COLUMNS);
    }

    /**
     * @param samples {@code [n, C*H*W]} decoded samples
     * @param shape image shape
     * @param columns samples per row
     * @return the picture
     */
    public static BufferedImage render(INDArray samples, ImageShape shape, int columns) {
        long n = samples.size(0);
        List<ImageGrid.Row> rows = new ArrayList<>();
        for (long start = 0; start < n; start += columns) {
            rows.add(new ImageGrid.Row("", samples.get(NDArrayIndex.interval(start, Math.min(n, start + columns)), NDArrayIndex.all())));
        }
        return ImageGrid.render(List.of(new ImageGrid.Section(TITLE, rows)), shape, (int) Math.min(n, columns));
    }
}
