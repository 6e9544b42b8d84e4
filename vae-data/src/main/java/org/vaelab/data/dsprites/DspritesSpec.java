package org.vaelab.data.dsprites;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.data.DataSpec;

/**
 * Config of the procedurally generated dSprites source ({@code "type": "dsprites"}).
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code trainSize}</td><td>20000</td><td>training images, drawn from the 737,280-combination
 *       factor grid without replacement</td></tr>
 *   <tr><td>{@code testSize}</td><td>2000</td><td>test images, drawn from the grid combinations not used
 *       for training</td></tr>
 * </table>
 *
 * <p>{@code trainSize + testSize} may not exceed the grid's 737,280 combinations. Which combinations are
 * drawn depends only on the seed the runner passes to {@link DspritesSource#load(long)}.
 *
 * @param trainSize number of training images; null means {@value #DEFAULT_TRAIN_SIZE}
 * @param testSize number of test images; null means {@value #DEFAULT_TEST_SIZE}
 */
public record DspritesSpec(
        @Positive
        @JsonPropertyDescription("Number of training images, drawn from the 737,280-combination dSprites factor "
                + "grid without replacement. Default 20000.")
        Integer trainSize,
        @Positive
        @JsonPropertyDescription("Number of test images, drawn from the grid combinations not used for training. "
                + "Default 2000.")
        Integer testSize) implements DataSpec {

    /** The type name used in configs. */
    public static final String TYPE = "dsprites";

    /** Default number of training images. */
    public static final int DEFAULT_TRAIN_SIZE = 20000;

    /** Default number of test images. */
    public static final int DEFAULT_TEST_SIZE = 2000;

    /**
     * Fills in defaults and checks that the subset fits in the grid.
     *
     * @param trainSize number of training images, or null for the default
     * @param testSize number of test images, or null for the default
     * @throws IllegalArgumentException if {@code trainSize + testSize} exceeds 737,280
     */
    public DspritesSpec {
        if (trainSize == null) {
            trainSize = DEFAULT_TRAIN_SIZE;
        }
        if (testSize == null) {
            testSize = DEFAULT_TEST_SIZE;
        }
        long total = (long) trainSize + testSize;
        if (total > DspritesGrid.SIZE) {
            throw new IllegalArgumentException("dsprites: trainSize + testSize = " + trainSize + " + " + testSize
                    + " = " + total + " exceeds the " + DspritesGrid.SIZE
                    + " combinations of the factor grid (3 shapes x 6 scales x 40 orientations x 32 x 32 positions)");
        }
    }

    /** @return a spec with every default */
    public static DspritesSpec defaults() {
        return new DspritesSpec(null, null);
    }
}
