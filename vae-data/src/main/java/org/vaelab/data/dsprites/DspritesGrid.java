package org.vaelab.data.dsprites;

import java.util.List;

/**
 * The dSprites factor grid, as published: 3 shapes x 6 scales x 40 orientations x 32 x-positions x
 * 32 y-positions = 737,280 combinations.
 *
 * <table>
 *   <caption>Factors, in column order of {@code DataSplit.factors()}</caption>
 *   <tr><th>Factor</th><th>Values</th><th>Count</th></tr>
 *   <tr><td>{@code shape}</td><td>0 = square, 1 = ellipse, 2 = heart</td><td>3</td></tr>
 *   <tr><td>{@code scale}</td><td>linspace(0.5, 1)</td><td>6</td></tr>
 *   <tr><td>{@code orientation}</td><td>linspace(0, 2&pi;) radians, counter-clockwise</td><td>40</td></tr>
 *   <tr><td>{@code posX}</td><td>linspace(0, 1), left to right</td><td>32</td></tr>
 *   <tr><td>{@code posY}</td><td>linspace(0, 1), top to bottom</td><td>32</td></tr>
 * </table>
 *
 * <p>As in the original dataset, {@code linspace} includes both end points, so orientations 0 and 2&pi;
 * both appear. A combination's flat index orders the factors as above with {@code posY} fastest, the
 * order of the original {@code latents_classes} array.
 */
public final class DspritesGrid {

    /** Names of the factors, in column order. */
    public static final List<String> FACTOR_NAMES = List.of("shape", "scale", "orientation", "posX", "posY");

    /** Names of the shapes, indexed by the {@code shape} factor. */
    public static final List<String> SHAPE_NAMES = List.of("square", "ellipse", "heart");

    /** Number of values of each factor, in column order. */
    private static final int[] SIZES = {3, 6, 40, 32, 32};

    /** Number of combinations in the full grid: 737,280. */
    public static final int SIZE = 3 * 6 * 40 * 32 * 32;

    /** Index of the square in the {@code shape} factor. */
    public static final int SQUARE = 0;
    /** Index of the ellipse in the {@code shape} factor. */
    public static final int ELLIPSE = 1;
    /** Index of the heart in the {@code shape} factor. */
    public static final int HEART = 2;

    private static final double[] SHAPES = {0, 1, 2};
    private static final double[] SCALES = linspace(0.5, 1.0, 6);
    private static final double[] ORIENTATIONS = linspace(0.0, 2 * Math.PI, 40);
    private static final double[] POSITIONS = linspace(0.0, 1.0, 32);

    private DspritesGrid() {}

    /** @return the number of values of each factor, in column order: {@code [3, 6, 40, 32, 32]} */
    public static int[] sizes() {
        return SIZES.clone();
    }

    /**
     * @param factor a factor column, 0 to 4
     * @return the values of that factor, in increasing order
     */
    public static double[] values(int factor) {
        return switch (factor) {
            case 0 -> SHAPES.clone();
            case 1 -> SCALES.clone();
            case 2 -> ORIENTATIONS.clone();
            case 3, 4 -> POSITIONS.clone();
            default -> throw new IllegalArgumentException("factor must be 0..4, got " + factor);
        };
    }

    /**
     * Splits a flat grid index into one value index per factor.
     *
     * @param index a flat index in {@code [0, SIZE)}
     * @return the value index of each factor, in column order
     */
    public static int[] decompose(int index) {
        if (index < 0 || index >= SIZE) {
            throw new IllegalArgumentException("grid index must be in [0, " + SIZE + "), got " + index);
        }
        int[] out = new int[SIZES.length];
        int rest = index;
        for (int f = SIZES.length - 1; f >= 0; f--) {
            out[f] = rest % SIZES[f];
            rest /= SIZES[f];
        }
        return out;
    }

    /**
     * Writes the factor values of one grid combination.
     *
     * @param index a flat index in {@code [0, SIZE)}
     * @param out receives shape, scale, orientation, posX, posY at {@code offset}
     * @param offset where to write in {@code out}
     */
    static void factorValues(int index, double[] out, int offset) {
        int[] i = decompose(index);
        out[offset] = SHAPES[i[0]];
        out[offset + 1] = SCALES[i[1]];
        out[offset + 2] = ORIENTATIONS[i[2]];
        out[offset + 3] = POSITIONS[i[3]];
        out[offset + 4] = POSITIONS[i[4]];
    }

    /** {@code n} evenly spaced values from {@code a} to {@code b} inclusive, like numpy's linspace. */
    static double[] linspace(double a, double b, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = a + (b - a) * i / (n - 1);
        }
        v[n - 1] = b;
        return v;
    }
}
