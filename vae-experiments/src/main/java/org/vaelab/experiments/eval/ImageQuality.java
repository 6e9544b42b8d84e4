package org.vaelab.experiments.eval;

import org.vaelab.api.data.ImageShape;

/**
 * Image-quality measures between a reference image and a reconstruction, both in [0, 1], flattened
 * channel-major.
 *
 * <p>SSIM follows Wang, Bovik, Sheikh and Simoncelli (2004), "Image quality assessment: from error
 * visibility to structural similarity": an 11x11 Gaussian window with sigma 1.5, K1 = 0.01, K2 = 0.03,
 * data range 1, computed over the positions where the whole window fits ("valid"), averaged over
 * positions and channels. Images smaller than the window use a window of their smaller side.
 */
public final class ImageQuality {

    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;
    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;

    private ImageQuality() {}

    /**
     * @param reference values of the reference image
     * @param other values of the other image
     * @param offset index of the first value of both images
     * @param length number of values
     * @return the mean squared error
     */
    public static double mse(float[] reference, float[] other, int offset, int length) {
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            double d = reference[i] - other[i];
            sum += d * d;
        }
        return sum / length;
    }

    /**
     * @param mse a mean squared error of values in [0, 1]
     * @return the peak signal-to-noise ratio in dB, {@code 10 log10(1 / mse)}, capped at 100 dB for identical images
     */
    public static double psnr(double mse) {
        return mse <= 1e-10 ? 100.0 : 10.0 * Math.log10(1.0 / mse);
    }

    /**
     * @param reference values of the reference images
     * @param other values of the other images
     * @param offset index of the first value of the image to compare
     * @param shape the image shape
     * @return the mean SSIM over valid window positions and channels
     */
    public static double ssim(float[] reference, float[] other, int offset, ImageShape shape) {
        int h = shape.height();
        int w = shape.width();
        int size = Math.min(WINDOW, Math.min(h, w));
        double[] kernel = gaussian(size);
        int outH = h - size + 1;
        int outW = w - size + 1;
        double total = 0;
        for (int c = 0; c < shape.channels(); c++) {
            int base = offset + c * h * w;
            double[] mx = filter(reference, null, base, h, w, kernel);
            double[] my = filter(other, null, base, h, w, kernel);
            double[] xx = filter(reference, reference, base, h, w, kernel);
            double[] yy = filter(other, other, base, h, w, kernel);
            double[] xy = filter(reference, other, base, h, w, kernel);
            double sum = 0;
            for (int i = 0; i < outH * outW; i++) {
                double vx = xx[i] - mx[i] * mx[i];
                double vy = yy[i] - my[i] * my[i];
                double cov = xy[i] - mx[i] * my[i];
                sum += (2 * mx[i] * my[i] + C1) * (2 * cov + C2)
                        / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
            }
            total += sum / (outH * outW);
        }
        return total / shape.channels();
    }

    /** The normalised 1-D Gaussian of the window; the 2-D window is its outer product. */
    static double[] gaussian(int size) {
        double[] k = new double[size];
        double centre = (size - 1) / 2.0;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            k[i] = Math.exp(-(i - centre) * (i - centre) / (2 * SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Separable "valid" filtering of a (or of a*b when b is given) with the window. */
    private static double[] filter(float[] a, float[] b, int base, int h, int w, double[] k) {
        int size = k.length;
        int outW = w - size + 1;
        int outH = h - size + 1;
        double[] rows = new double[h * outW];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < outW; x++) {
                double s = 0;
                for (int i = 0; i < size; i++) {
                    int p = base + y * w + x + i;
                    s += k[i] * (b == null ? a[p] : (double) a[p] * b[p]);
                }
                rows[y * outW + x] = s;
            }
        }
        double[] out = new double[outH * outW];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                double s = 0;
                for (int i = 0; i < size; i++) {
                    s += k[i] * rows[(y + i) * outW + x];
                }
                out[y * outW + x] = s;
            }
        }
        return out;
    }
}
