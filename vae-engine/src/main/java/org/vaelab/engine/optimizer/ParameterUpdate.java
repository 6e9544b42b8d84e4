package org.vaelab.engine.optimizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.SgdUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The optimiser step for one parameter, as SameDiff's {@link GradientUpdater} would take it.
 *
 * <p>Why not call the updater: ND4J's native Adam op runs at about 6 ns per value on this kind of CPU
 * (scalar square roots and divisions), so for the MLP VAE's 1.1M parameters it took longer than half of
 * the step's matrix products. Adam and SGD are therefore done in a plain Java loop over heap copies,
 * which the JIT vectorises (about 0.4 ns per value): same formulas as ND4J's
 * {@code AdamUpdater}/{@code SgdUpdater} in float arithmetic, state kept in the updater's own {@code M}
 * and {@code V} arrays between epochs ({@link #load}, {@link #store}), so checkpoints and resume see
 * SameDiff's usual optimiser state. Any other updater falls back to {@code applyUpdater}.
 */
abstract class ParameterUpdate {

    final INDArray param;

    ParameterUpdate(INDArray param) {
        this.param = param;
    }

    /**
     * @param param the parameter array (updated in place)
     * @param updater SameDiff's updater of that parameter
     * @return the fastest correct update for it
     */
    static ParameterUpdate of(INDArray param, GradientUpdater updater) {
        boolean flat = contiguous(param) && param.dataType() == DataType.FLOAT;
        if (flat && updater instanceof AdamUpdater adam) {
            Adam config = adam.getConfig();
            INDArray m = adam.getState().get(AdamUpdater.M_STATE);
            INDArray v = adam.getState().get(AdamUpdater.V_STATE);
            if (m != null && v != null && contiguous(m) && contiguous(v) && m.length() == param.length()
                    && v.length() == param.length()) {
                return new AdamOnHeap(param, config, m, v);
            }
        }
        if (flat && updater instanceof SgdUpdater && updater.getConfig() instanceof Sgd config) {
            return new SgdOnHeap(param, config);
        }
        return new Native(param, updater);
    }

    /** Copies state into the heap before an epoch's steps. */
    abstract void load();

    /**
     * One step for the values {@code [from, to)} of the parameter (flat, row-major):
     * {@code param -= update(gradient)} there. Different ranges may be updated by different threads at once.
     *
     * @param gradient the whole parameter's gradient, flat (only the range is read)
     * @param iteration the iteration count before this step
     * @param epoch the epoch count
     * @param from first value
     * @param to one past the last value
     */
    abstract void apply(float[] gradient, int iteration, int epoch, int from, int to);

    /**
     * @return whether {@link #applyNative} can take the gradient straight from native memory (saving a
     *         copy of it into the heap and one pass over the parameter)
     */
    boolean readsNative() {
        return false;
    }

    /**
     * {@link #apply} with the gradient in native memory: {@code gradient} holds the whole parameter's
     * gradient, flat, in native byte order (only the range is read).
     */
    void applyNative(ByteBuffer gradient, int iteration, int epoch, int from, int to) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " reads heap gradients only");
    }

    /** @return whether {@link #apply} works on ranges; if not, it must be given the whole parameter at once */
    boolean ranged() {
        return true;
    }

    /** Writes heap state back into the updater's arrays (before a checkpoint is saved). */
    abstract void store();

    static boolean contiguous(INDArray a) {
        return a.ordering() == 'c' && (a.length() == 1 || a.elementWiseStride() == 1) && a.length() < Integer.MAX_VALUE;
    }

    static void read(INDArray from, float[] to) {
        read(from, to, 0, to.length, 0);
    }

    static void write(float[] from, INDArray to) {
        write(from, to, 0, from.length);
    }

    /** Values [start, end) of a contiguous array into a heap array from {@code at}. */
    static void read(INDArray from, float[] to, int start, int end, int at) {
        if (!contiguous(from) || from.dataType() != DataType.FLOAT) {
            from = from.castTo(DataType.FLOAT).dup('c');
        }
        FloatBuffer b = from.data().asNioFloat();      // positioned at the array's offset
        b.position(b.position() + start);
        b.get(to, at, end - start);
    }

    static void write(float[] from, INDArray to, int start, int end) {
        FloatBuffer b = to.data().asNioFloat();
        b.position(b.position() + start);
        b.put(from, start, end - start);
    }

    /**
     * ND4J's Adam ({@code libnd4j updaterAdam}): bias correction folded into the step size. With the vector
     * API ({@link AdamKernel#adam}) it updates the parameter in its native memory and can read the
     * gradient from native memory; otherwise a scalar loop updates a heap copy, written back per range.
     * Both give the same bits (the same IEEE operations in the same order).
     */
    static final class AdamOnHeap extends ParameterUpdate {
        private final Adam config;
        private final INDArray mState;
        private final INDArray vState;
        private final float[] p;                // heap copy of the parameter; null where the vector kernel runs
        private final ByteBuffer paramBytes;    // the parameter's native memory; null where the scalar loop runs
        private final float[] m;
        private final float[] v;

        AdamOnHeap(INDArray param, Adam config, INDArray mState, INDArray vState) {
            super(param);
            this.config = config;
            this.mState = mState;
            this.vState = vState;
            int n = (int) param.length();
            boolean vector = VectorApi.PRESENT && param.offset() == 0;
            p = vector ? null : new float[n];
            paramBytes = vector ? param.data().asNio().order(ByteOrder.nativeOrder()) : null;
            m = new float[n];
            v = new float[n];
        }

        @Override
        void load() {
            if (p != null) {
                read(param, p);
            }
            read(mState, m);
            read(vState, v);
        }

        private float stepSize(int iteration, int epoch) {
            float b1 = (float) config.getBeta1();
            float b2 = (float) config.getBeta2();
            float lr = (float) config.getLearningRate(iteration, epoch);
            float b1t = (float) Math.pow(b1, iteration + 1);
            float b2t = (float) Math.pow(b2, iteration + 1);
            float stepSize = lr * (float) Math.sqrt(1f - b2t) / (1f - b1t);
            if (Float.isNaN(stepSize) || Float.isInfinite(stepSize) || stepSize == 0) {
                stepSize = (float) config.getEpsilon();      // as libnd4j does
            }
            return stepSize;
        }

        @Override
        void apply(float[] g, int iteration, int epoch, int from, int to) {
            float b1 = (float) config.getBeta1();
            float b2 = (float) config.getBeta2();
            float eps = (float) config.getEpsilon();
            float stepSize = stepSize(iteration, epoch);
            if (p == null) {
                AdamKernel.adam(g, null, paramBytes, m, v, b1, b2, stepSize, eps, from, to);
                return;
            }
            step(p, g, m, v, b1, b2, stepSize, eps, from, to);
            write(p, param, from, to);
        }

        @Override
        boolean readsNative() {
            return p == null;
        }

        @Override
        void applyNative(ByteBuffer gradient, int iteration, int epoch, int from, int to) {
            AdamKernel.adam(null, gradient, paramBytes, m, v, (float) config.getBeta1(), (float) config.getBeta2(),
                    stepSize(iteration, epoch), (float) config.getEpsilon(), from, to);
        }

        /** A loop the JIT can vectorise: no calls, no branches. */
        static void step(float[] p, float[] g, float[] m, float[] v, float b1, float b2, float stepSize,
                float eps, int from, int to) {
            float c1 = 1f - b1;
            float c2 = 1f - b2;
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + gi * c1;
                float vi = b2 * v[i] + gi * gi * c2;
                m[i] = mi;
                v[i] = vi;
                p[i] -= mi * stepSize / ((float) Math.sqrt(vi) + eps);
            }
        }

        @Override
        void store() {
            write(m, mState);
            write(v, vState);
        }
    }

    /** Plain SGD: {@code param -= lr * gradient}. */
    private static final class SgdOnHeap extends ParameterUpdate {
        private final Sgd config;
        private final float[] p;

        SgdOnHeap(INDArray param, Sgd config) {
            super(param);
            this.config = config;
            p = new float[(int) param.length()];
        }

        @Override
        void load() {
            read(param, p);
        }

        @Override
        void apply(float[] g, int iteration, int epoch, int from, int to) {
            float lr = (float) config.getLearningRate(iteration, epoch);
            for (int i = from; i < to; i++) {
                p[i] -= lr * g[i];
            }
            write(p, param, from, to);
        }

        @Override
        void store() {}
    }

    /** Any other updater: its own {@code applyUpdater}, as SameDiff's {@code fit} calls it. */
    private static final class Native extends ParameterUpdate {
        private final GradientUpdater updater;

        Native(INDArray param, GradientUpdater updater) {
            super(param);
            this.updater = updater;
        }

        @Override
        void load() {}

        @Override
        void apply(float[] g, int iteration, int epoch, int from, int to) {
            if (from != 0 || to != param.length()) {
                throw new IllegalStateException("a native updater updates whole parameters only");
            }
            INDArray gradient = org.nd4j.linalg.factory.Nd4j.create(g.clone(), param.shape(), 'c');
            updater.applyUpdater(gradient, iteration, epoch);
            param.subi(gradient);
        }

        @Override
        boolean ranged() {
            return false;
        }

        @Override
        void store() {}
    }
}
