package org.vaelab.experiments.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.DataInfo;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.ImageShape;

class TsneTest {

    /** {@code n} points in 6 dimensions, point i in cluster i % 2, the clusters 12 apart. */
    private static INDArray twoClusters(int n) {
        Random r = new Random(3);
        double[][] x = new double[n][6];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 6; d++) {
                x[i][d] = r.nextGaussian() + (i % 2 == 0 && d == 0 ? 12 : 0);
            }
        }
        return Nd4j.create(x);
    }

    @Test
    void dl4jsTsneSeparatesClustersAndIsReproducible() {
        INDArray x = twoClusters(40);
        TsneEmbedding tsne = new TsneEmbedding(200, TsneEmbedding.PERPLEXITY);
        double[][] a = tsne.embed(x, 11);
        assertThat(a).hasNumberOfRows(40);
        assertThat(tsne.embed(x, 11)).isDeepEqualTo(a);
        double within = 0;
        double between = 0;
        int nw = 0;
        int nb = 0;
        for (int i = 0; i < 40; i++) {
            for (int j = i + 1; j < 40; j++) {
                double d = Math.hypot(a[i][0] - a[j][0], a[i][1] - a[j][1]);
                if (i % 2 == j % 2) {
                    within += d;
                    nw++;
                } else {
                    between += d;
                    nb++;
                }
            }
        }
        assertThat(within / nw).isLessThan(0.7 * between / nb);
        assertThat(TsneEmbedding.perplexityFor(40, 30)).isEqualTo(13.0);
        assertThat(TsneEmbedding.perplexityFor(1000, 30)).isEqualTo(30.0);
    }

    @Test
    void theMapIsColouredByLabelWithALegend() {
        double[][] points = new double[60][2];
        int[] group = new int[60];
        Random r = new Random(1);
        for (int i = 0; i < 60; i++) {
            group[i] = i % 3;
            points[i][0] = 10 * group[i] + r.nextGaussian();
            points[i][1] = r.nextGaussian();
        }
        var groups = new TsnePicture.Groups("label", List.of("square", "ellipse", "heart"), group);
        BufferedImage img = TsnePicture.render(points, groups, "t-SNE");
        assertThat(img.getWidth()).isEqualTo(TsnePicture.WIDTH);
        assertThat(img.getHeight()).isEqualTo(TsnePicture.HEIGHT);
        // every group's colour is on the picture; the groups left to right: blue, orange, green
        int[] firstX = new int[3];
        for (int g = 0; g < 3; g++) {
            firstX[g] = firstColumnWith(img, TsnePicture.PALETTE[g]);
            assertThat(firstX[g]).as("group %d drawn", g).isPositive();
        }
        assertThat(firstX[0]).isLessThan(firstX[1]);
        assertThat(firstX[1]).isLessThan(firstX[2]);
        assertThat(firstColumnWith(img, TsnePicture.PALETTE[3])).as("no fourth group").isEqualTo(-1);
    }

    @Test
    void groupsComeFromLabelsElseFromTheFirstFactor() {
        INDArray images = Nd4j.zeros(4, 4);
        DataInfo info = new DataInfo("d", new ImageShape(1, 2, 2), List.of("scale"), List.of("a", "b"), Map.of());
        var byLabel = TsnePicture.Groups.of(info, new DataSplit(images, Nd4j.createFromArray(1, 0, 1, 1), null), 4);
        assertThat(byLabel.names()).containsExactly("a", "b");
        assertThat(byLabel.group()).containsExactly(1, 0, 1, 1);

        DataInfo noClasses = new DataInfo("d", new ImageShape(1, 2, 2), List.of("scale"), List.of(), Map.of());
        INDArray factors = Nd4j.create(new double[][] {{0.5}, {1.0}, {0.75}, {0.99}});
        var byFactor = TsnePicture.Groups.of(noClasses, new DataSplit(images, null, factors), 4);
        assertThat(byFactor.title()).isEqualTo("scale");
        assertThat(byFactor.names()).hasSize(TsnePicture.FACTOR_BINS);
        assertThat(byFactor.group()).containsExactly(0, 4, 2, 4);

        var none = TsnePicture.Groups.of(noClasses, new DataSplit(images, null, null), 4);
        assertThat(none.names()).hasSize(1);
    }

    /** @return the leftmost x holding a pixel of exactly this colour in the plot area (left of the legend), or -1 */
    private static int firstColumnWith(BufferedImage img, Color c) {
        for (int x = 0; x < img.getWidth() * 3 / 4; x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    return x;
                }
            }
        }
        return -1;
    }
}
