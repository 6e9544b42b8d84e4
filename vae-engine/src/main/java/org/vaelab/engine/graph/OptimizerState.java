package org.vaelab.engine.graph;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The optimiser's per-parameter state (Adam's moment estimates), owned by vaelab rather than by SameDiff's
 * session: every engine updates the parameters through it, and checkpoints write and read it
 * ({@link #write}, {@link #read}). The updaters are ND4J's own ({@code IUpdater.instantiate}), set up the way
 * SameDiff sets up its own for {@code fit}; the step and epoch counts Adam's bias correction reads stay in the
 * graph's {@code TrainingConfig}, which model.fb saves.
 */
public final class OptimizerState {

    private static final String MAGIC = "vaelab-optimizer-state-1";

    private final Map<String, GradientUpdater> updaters;

    private OptimizerState(Map<String, GradientUpdater> updaters) {
        this.updaters = updaters;
    }

    /**
     * Fresh state (zero moments) for the given parameters, with the graph's configured updater.
     *
     * @param sd the graph; its training config must be set
     * @param parameters the parameters' names
     * @return the state
     */
    public static OptimizerState fresh(SameDiff sd, Collection<String> parameters) {
        return fresh(sd, parameters, Map.of());
    }

    /**
     * Fresh state, with some parameters on optimiser settings of their own (a component's adversary). The state
     * arrays of such a parameter are those of its updater, written and read as any other's, so the file's
     * format does not change.
     *
     * @param sd the graph; its training config must be set
     * @param parameters the parameters' names
     * @param overrides parameter name to its own settings, in place of the training config's
     * @return the state
     */
    public static OptimizerState fresh(SameDiff sd, Collection<String> parameters, Map<String, IUpdater> overrides) {
        if (sd.getTrainingConfig() == null) {
            throw new IllegalStateException("the optimiser is known only once the training config is set");
        }
        IUpdater runs = sd.getTrainingConfig().getUpdater();
        Map<String, GradientUpdater> updaters = new LinkedHashMap<>();
        for (String name : parameters) {
            IUpdater config = overrides.getOrDefault(name, runs);
            INDArray param = sd.getArrForVarName(name);
            long size = config.stateSize(param.length());
            INDArray view = size == 0 ? null : Nd4j.zeros(param.dataType(), 1, size);
            GradientUpdater u = config.instantiate(view, true);
            if (view != null) {
                u.setStateViewArray(view, param.shape(), param.ordering(), true);
            }
            updaters.put(name, u);
        }
        return new OptimizerState(updaters);
    }

    /** @return each parameter's updater, holding its state */
    public Map<String, GradientUpdater> updaters() {
        return updaters;
    }

    /**
     * Takes the values of another state of the same parameters (a checkpoint's).
     *
     * @param saved parameter name to its state arrays by key (such as Adam's {@code M} and {@code V})
     * @param where the file the state came from, for the error
     * @throws IllegalArgumentException naming the parameter or array that does not fit
     */
    public void restore(Map<String, Map<String, INDArray>> saved, String where) {
        for (Map.Entry<String, GradientUpdater> e : updaters.entrySet()) {
            Map<String, INDArray> mine = stateOf(e.getValue());
            Map<String, INDArray> theirs = saved.get(e.getKey());
            if (theirs == null || !theirs.keySet().equals(mine.keySet())) {
                throw new IllegalArgumentException(where + " has no optimiser state " + mine.keySet() + " for parameter '"
                        + e.getKey() + "'");
            }
            mine.forEach((key, array) -> {
                INDArray value = theirs.get(key);
                if (value.length() != array.length()) {
                    throw new IllegalArgumentException(where + ": optimiser state " + e.getKey() + "/" + key + " has "
                            + value.length() + " values, the model needs " + array.length());
                }
                array.assign(value.reshape(array.shape()));
            });
        }
    }

    /**
     * @param u an updater
     * @return its state arrays by key, sorted (none for plain SGD)
     */
    public static Map<String, INDArray> stateOf(GradientUpdater u) {
        @SuppressWarnings("unchecked")
        Map<String, INDArray> state = u.getState() == null ? Map.of() : (Map<String, INDArray>) u.getState();
        return new TreeMap<>(state);
    }

    /**
     * Writes every parameter's state arrays (ND4J's binary array format), parameters and keys in sorted order.
     *
     * @param out where to
     * @throws IOException when writing fails
     */
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(MAGIC);
        Map<String, GradientUpdater> sorted = new TreeMap<>(updaters);
        data.writeInt(sorted.size());
        for (Map.Entry<String, GradientUpdater> e : sorted.entrySet()) {
            data.writeUTF(e.getKey());
            Map<String, INDArray> state = stateOf(e.getValue());
            data.writeInt(state.size());
            for (Map.Entry<String, INDArray> s : state.entrySet()) {
                data.writeUTF(s.getKey());
                Nd4j.write(s.getValue().dup('c'), data);
            }
        }
        data.flush();
    }

    /**
     * @param in what {@link #write} wrote
     * @return parameter name to its state arrays by key
     * @throws IOException when the stream is not such a file
     */
    public static Map<String, Map<String, INDArray>> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String magic = data.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new IOException("not a vaelab optimiser state (starts with '" + magic + "')");
        }
        int parameters = data.readInt();
        Map<String, Map<String, INDArray>> saved = new LinkedHashMap<>();
        for (int p = 0; p < parameters; p++) {
            String name = data.readUTF();
            int keys = data.readInt();
            Map<String, INDArray> state = new TreeMap<>();
            for (int k = 0; k < keys; k++) {
                state.put(data.readUTF(), Nd4j.read(data));
            }
            saved.put(name, state);
        }
        return saved;
    }

    @Override
    public String toString() {
        return "optimiser state of " + Arrays.toString(updaters.keySet().toArray());
    }
}
