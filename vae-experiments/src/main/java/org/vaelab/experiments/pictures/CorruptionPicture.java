package org.vaelab.experiments.pictures;

import java.awt.image.BufferedImage;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;

/** Rows "clean", "corrupted" and "reconstruction" (from the corrupted input), one column per test image. */
public final class CorruptionPicture {

    private CorruptionPicture() {}

    /**
     * @param clean {@code [n, C*H*W]} clean test images
     * @param corrupted their corrupted versions
     * @param reconstructed the reconstructions from the corrupted versions
     * @param shape image shape
     * @return the picture
     */
    public static BufferedImage render(INDArray clean, INDArray corrupted, INDArray reconstructed, ImageShape shape) {
        List<ImageGrid.Row> rows = List.of(new ImageGrid.Row("clean", clean), new ImageGrid.Row("corrupted", corrupted),
                new ImageGrid.Row("reconstruction", reconstructed));
        return ImageGrid.render(List.of(new ImageGrid.Section("", rows)), shape, (int) clean.size(0));
    }
}
