package org.vaelab.experiments.pictures;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.data.ImageShape;
import org.vaelab.experiments.trained.TrainedModel;

/** Test images above their reconstructions (decoded posterior means): rows "input" and "reconstruction". */
public final class ReconstructionPicture {

    /** Tiles per row. */
    public static final int COLUMNS = 8;

    private ReconstructionPicture() {}

    /**
     * @param model the trained model
     * @param images {@code [n, C*H*W]} test images
     * @param shape image shape
     * @return the picture
     */
    public static BufferedImage render(TrainedModel model, INDArray images, ImageShape shape) {
        INDArray reconstructed = model.decode(model.encode(images).mean());
        return render(images, reconstructed, shape);
    }

    /**
     * @param images {@code [n, C*H*W]} inputs
     * @param reconstructed {@code [n, C*H*W]} their reconstructions
     * @param shape image shape
     * @return the picture: for every {@value #COLUMNS} inputs, a row of them and a row of their reconstructions
     */
    public static BufferedImage render(INDArray images, INDArray reconstructed, ImageShape shape) {
        long n = images.size(0);
        List<ImageGrid.Row> rows = new ArrayList<>();
        for (long start = 0; start < n; start += COLUMNS) {
            long end = Math.min(n, start + COLUMNS);
            rows.add(new ImageGrid.Row("input", images.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())));
            rows.add(new ImageGrid.Row("reconstruction", reconstructed.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())));
        }
        return ImageGrid.render(List.of(new ImageGrid.Section("", rows)), shape, (int) Math.min(n, COLUMNS));
    }
}
