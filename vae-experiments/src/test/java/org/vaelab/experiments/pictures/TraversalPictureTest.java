package org.vaelab.experiments.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;

class TraversalPictureTest {

    /** A "decoder" whose image shows the code: pixel d of the 2x2 image is (z_d + 3) / 6. */
    private static INDArray showCode(INDArray z) {
        INDArray out = Nd4j.zeros(DataType.FLOAT, z.size(0), 4);
        for (int i = 0; i < z.size(0); i++) {
            for (int d = 0; d < z.size(1); d++) {
                out.putScalar(i, d, (z.getDouble(i, d) + 3) / 6);
            }
        }
        return out;
    }

    @Test
    void rowsAreOrderedByKlHighestFirst() {
        assertThat(TraversalPicture.orderByKl(new double[] {0.1, 2.4, 0.5, 2.4})).containsExactly(1, 3, 2, 0);
        assertThat(TraversalPicture.label(3, 2.4071)).isEqualTo("z3 (KL 2.41)");
        assertThat(TraversalPicture.values(9, 3)).containsExactly(-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3);
    }

    @Test
    void eachRowVariesItsDimensionAndKeepsTheOthersAtThePosteriorMean() {
        double[] kl = {0.2, 1.7, 0.9};
        INDArray means = Nd4j.create(new double[][] {{0.3, -0.6, 1.2}, {0, 0, 0}}).castTo(DataType.FLOAT);
        List<ImageGrid.Section> sections = TraversalPicture.sections(kl, means, TraversalPictureTest::showCode);
        assertThat(sections).hasSize(2);
        assertThat(sections.get(0).rows()).extracting(ImageGrid.Row::label)
                .containsExactly("z1 (KL 1.70)", "z2 (KL 0.90)", "z0 (KL 0.20)");
        int[] order = {1, 2, 0};
        double[] values = TraversalPicture.values(TraversalPicture.STEPS, TraversalPicture.RANGE);
        for (int r = 0; r < 3; r++) {
            INDArray tiles = sections.get(0).rows().get(r).images();
            assertThat(tiles.size(0)).isEqualTo(TraversalPicture.STEPS);
            for (int s = 0; s < values.length; s++) {
                for (int d = 0; d < 3; d++) {
                    double z = d == order[r] ? values[s] : means.getDouble(0, d);
                    assertThat(tiles.getDouble(s, d)).isCloseTo((z + 3) / 6, org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }

        // and the drawn picture: 2 sections x 3 rows, 9 columns, a label column
        ImageShape shape = new ImageShape(1, 2, 2);
        BufferedImage img = ImageGrid.render(sections, shape, TraversalPicture.STEPS);
        ImageGrid.Layout layout = ImageGrid.layout(sections, shape, TraversalPicture.STEPS);
        assertThat(img.getHeight()).isEqualTo(ImageGrid.GAP + 2 * (layout.titleHeight() + 3 * (layout.tileHeight() + ImageGrid.GAP)));
        // first row (z1) of the first section, last column: z1 = 3, so pixel 1 (top right) is white
        int y = ImageGrid.GAP + layout.titleHeight();
        int x = layout.tileX(TraversalPicture.STEPS - 1) + layout.scale();
        assertThat(img.getRGB(x, y) & 0xFF).isEqualTo(255);
        assertThat(img.getRGB(layout.tileX(0) + layout.scale(), y) & 0xFF).isEqualTo(0);
    }
}
