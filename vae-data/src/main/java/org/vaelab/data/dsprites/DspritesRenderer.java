package org.vaelab.data.dsprites;

/**
 * Draws one 64x64 binary dSprites image from its factor values.
 *
 * <p><b>Geometry.</b> Continuous image coordinates put pixel column {@code j} on {@code [j, j+1)} and
 * row {@code i} on {@code [i, i+1)}, so a pixel's centre is {@code (j + 0.5, i + 0.5)}. A shape's centre
 * is at
 * <pre>
 *   x = 10 + 44 * posX      (left to right)
 *   y = 10 + 44 * posY      (top to bottom)
 * </pre>
 * so centres span pixels 10 to 54, close to the original's 8 to 56 but chosen so that every shape fits:
 * each unit shape lies inside a circle of radius {@value #BASE_RADIUS} px times {@code scale} about its
 * centre, which keeps it inside the image at any position, scale and orientation.
 *
 * <p><b>Shapes</b>, at scale 1, in a frame with y pointing up:
 * <ul>
 *   <li>square: half-side {@code 10/sqrt(2)} = 7.07 px (side 14.1 px);</li>
 *   <li>ellipse: semi-axes 10 px (along x at orientation 0) and 5 px;</li>
 *   <li>heart: the implicit curve {@code (X^2 + Y^2 - 1)^3 - X^2 Y^3 <= 0}, shifted so that the centre of
 *       its bounding box ({@code Y = (sqrt(5) - 2)/2}) is the shape centre, and scaled by 10/1.34 px per
 *       unit (1.34 bounds its radius about that centre); upright (lobes up, point down) at orientation 0,
 *       so it is left-right symmetric.</li>
 * </ul>
 * {@code scale} multiplies every length; {@code orientation} rotates the shape counter-clockwise on
 * screen about its centre.
 *
 * <p><b>Rasterisation.</b> A pixel is 1 when its centre, rotated back by {@code -orientation} about the
 * shape centre and divided by {@code scale}, lies inside the unit shape, else 0. Only the pixels whose
 * centres lie in the shape's bounding square are tested. Sines and cosines come from {@link StrictMath},
 * so an image is bit-identical on every JVM.
 */
public final class DspritesRenderer {

    /** Width and height of an image in pixels. */
    public static final int SIZE = 64;

    /** Pixel coordinate of a shape's centre at position 0. */
    public static final double MARGIN = 10.0;

    /** Pixel distance between the centres at positions 0 and 1. */
    public static final double RANGE = 44.0;

    /** Radius in pixels, at scale 1, of a circle about the centre that holds every shape. */
    public static final double BASE_RADIUS = 10.0;

    private static final double SQUARE_HALF_SIDE = 1.0 / Math.sqrt(2.0);
    private static final double HEART_CENTRE_Y = (Math.sqrt(5.0) - 2.0) / 2.0;
    private static final double HEART_RADIUS = 1.34;

    private DspritesRenderer() {}

    /**
     * @param position a position factor value in [0, 1]
     * @return the continuous pixel coordinate of a shape's centre at that position
     */
    public static double centre(double position) {
        return MARGIN + RANGE * position;
    }

    /**
     * Finds the foreground pixels of one image.
     *
     * @param shape {@link DspritesGrid#SQUARE}, {@link DspritesGrid#ELLIPSE} or {@link DspritesGrid#HEART}
     * @param scale size factor, 0.5 to 1 on the grid (values up to 1 stay inside the image)
     * @param orientation rotation in radians, counter-clockwise
     * @param posX horizontal position in [0, 1], left to right
     * @param posY vertical position in [0, 1], top to bottom
     * @param foreground receives the flat indices {@code row * 64 + column} of the foreground pixels in
     *     increasing order; needs room for {@code 64 * 64} entries in the worst case
     * @return the number of foreground pixels written
     */
    public static int foreground(int shape, double scale, double orientation, double posX, double posY,
            int[] foreground) {
        if (shape < 0 || shape > 2) {
            throw new IllegalArgumentException("shape must be 0, 1 or 2, got " + shape);
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        double cx = centre(posX);
        double cy = centre(posY);
        double cos = StrictMath.cos(orientation);
        double sin = StrictMath.sin(orientation);
        double size = scale * BASE_RADIUS;
        double inv = 1.0 / size;
        int c0 = Math.max(0, (int) Math.ceil(cx - size - 0.5));
        int c1 = Math.min(SIZE - 1, (int) Math.floor(cx + size - 0.5));
        int r0 = Math.max(0, (int) Math.ceil(cy - size - 0.5));
        int r1 = Math.min(SIZE - 1, (int) Math.floor(cy + size - 0.5));
        int n = 0;
        for (int r = r0; r <= r1; r++) {
            double dy = cy - (r + 0.5);                 // y up
            for (int c = c0; c <= c1; c++) {
                double dx = (c + 0.5) - cx;
                double u = (cos * dx + sin * dy) * inv;  // rotate back by -orientation, unit size
                double v = (-sin * dx + cos * dy) * inv;
                if (inside(shape, u, v)) {
                    foreground[n++] = r * SIZE + c;
                }
            }
        }
        return n;
    }

    /**
     * Renders one image as floats, for inspection and tests.
     *
     * @param shape the shape index
     * @param scale size factor
     * @param orientation rotation in radians, counter-clockwise
     * @param posX horizontal position in [0, 1]
     * @param posY vertical position in [0, 1]
     * @return {@code 64 * 64} values, row-major, each exactly 0 or 1
     * @see #foreground(int, double, double, double, double, int[])
     */
    public static float[] render(int shape, double scale, double orientation, double posX, double posY) {
        int[] idx = new int[SIZE * SIZE];
        int n = foreground(shape, scale, orientation, posX, posY, idx);
        float[] image = new float[SIZE * SIZE];
        for (int k = 0; k < n; k++) {
            image[idx[k]] = 1f;
        }
        return image;
    }

    /** Point-in-shape test for a unit shape (bounding radius 1) at {@code (x, y)}, y up. */
    static boolean inside(int shape, double x, double y) {
        switch (shape) {
            case DspritesGrid.SQUARE:
                return Math.abs(x) <= SQUARE_HALF_SIDE && Math.abs(y) <= SQUARE_HALF_SIDE;
            case DspritesGrid.ELLIPSE:
                return x * x + 4.0 * y * y <= 1.0;
            default: {
                double hx = x * HEART_RADIUS;
                double hy = y * HEART_RADIUS + HEART_CENTRE_Y;
                double q = hx * hx + hy * hy - 1.0;
                return q * q * q - hx * hx * hy * hy * hy <= 0.0;
            }
        }
    }
}
