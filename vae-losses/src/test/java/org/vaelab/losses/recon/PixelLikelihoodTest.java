package org.vaelab.losses.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.losses.PixelGraph;

class PixelLikelihoodTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void jsonNamesAreLowerCase() throws Exception {
        assertThat(mapper.writeValueAsString(PixelLikelihood.BERNOULLI)).isEqualTo("\"bernoulli\"");
        assertThat(mapper.writeValueAsString(PixelLikelihood.GAUSSIAN)).isEqualTo("\"gaussian\"");
        assertThat(mapper.readValue("\"gaussian\"", PixelLikelihood.class)).isEqualTo(PixelLikelihood.GAUSSIAN);
        assertThat(PixelLikelihood.BERNOULLI).hasToString("bernoulli");
        assertThatThrownBy(() -> mapper.readValue("\"GAUSSIAN\"", PixelLikelihood.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("bernoulli").hasMessageContaining("gaussian");
    }

    @ParameterizedTest
    @EnumSource(PixelLikelihood.class)
    void perPixelValuesSumToTheSummedNll(PixelLikelihood likelihood) {
        PixelGraph p = PixelGraph.random(19, 3, 4);
        SDVariable perPixel = likelihood.negLogLikelihoodPerPixel(p.g, p.target, p.out, 0.3);
        SDVariable summed = likelihood.negLogLikelihood(p.g, p.target, p.out, 0.3);

        double[][] pixels = p.matrix(perPixel);
        double[] sums = p.vector(summed);
        for (int i = 0; i < 3; i++) {
            double rowSum = 0.0;
            for (int j = 0; j < 4; j++) {
                double expected = likelihood == PixelLikelihood.BERNOULLI
                        ? PixelGraph.bernoulliNll(p.targetValues[i][j], p.outValues[i][j])
                        : PixelGraph.gaussianNll(p.targetValues[i][j], p.outValues[i][j], 0.3);
                assertThat(pixels[i][j]).as("(%d, %d)", i, j).isCloseTo(expected, within(1e-12));
                rowSum += pixels[i][j];
            }
            assertThat(sums[i]).as("row %d", i).isCloseTo(rowSum, within(1e-12));
        }
    }
}
