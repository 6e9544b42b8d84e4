package org.vaelab.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.loss.ReconstructionTerm;

/**
 * The standard {@link GraphContext}: parameters are initialised from {@link Seeds#derive} of the run
 * seed and the parameter's fully scoped name, so initial weights depend on nothing but the seed and the
 * name. It also creates the placeholders components ask for ({@link #inputs()}: noise, training step,
 * epoch), and once {@link #attachModel} is called it applies the model's networks to other inputs with
 * shared parameters. The runner uses it; plugin tests use it to build tiny graphs.
 */
public final class SeededGraphContext implements GraphContext {

    private final SameDiff sd;
    private final DataType dataType;
    private final ImageShape imageShape;
    private final int latentDim;
    private final long seed;
    private final Map<String, GraphInput> inputs = new LinkedHashMap<>();
    private final Map<String, SDVariable> inputVariables = new LinkedHashMap<>();
    private final Map<String, org.nd4j.linalg.learning.config.IUpdater> optimizers = new LinkedHashMap<>();
    private int outputsPerPixel = 1;
    private Encoder encoder;
    private Decoder decoder;
    private ReconstructionTerm likelihood;
    /** While a network is applied again: the scope its parameters live in, and the scope of this call. */
    private String sharedFrom;
    private String sharedCallScope;
    private int sharedCalls;

    /**
     * @param sd the graph to build into
     * @param dataType parameter and activation type
     * @param imageShape shape of one input image
     * @param latentDim latent dimensions
     * @param seed the seed parameters derive theirs from
     */
    public SeededGraphContext(SameDiff sd, DataType dataType, ImageShape imageShape, int latentDim, long seed) {
        this.sd = Objects.requireNonNull(sd, "sd");
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.imageShape = Objects.requireNonNull(imageShape, "imageShape");
        if (latentDim <= 0) {
            throw new IllegalArgumentException("latentDim must be positive, got " + latentDim);
        }
        this.latentDim = latentDim;
        this.seed = seed;
    }

    @Override
    public SameDiff sd() {
        return sd;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public ImageShape imageShape() {
        return imageShape;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    @Override
    public int outputsPerPixel() {
        return outputsPerPixel;
    }

    /**
     * Sets how many values per pixel the decoder emits; call before the decoder is built.
     *
     * @param n values per pixel, at least 1
     */
    public void outputsPerPixel(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("outputs per pixel must be at least 1, got " + n);
        }
        outputsPerPixel = n;
    }

    @Override
    public SDVariable parameter(String name, Initializer init, long... shape) {
        if (sharedFrom != null) {
            return sharedParameter(name, shape);
        }
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter " + name + " is too large: " + count + " elements");
        }
        SDVariable variable = sd.var(name, dataType, shape);     // scoped name is known only once created
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "param:" + variable.name()));
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = init.sample(rng);
        }
        variable.setArray(Nd4j.create(values, shape, dataType));
        return variable;
    }
    @Override
    public void parameterOptimizer(SDVariable parameter, org.nd4j.linalg.learning.config.IUpdater updater) {
        Objects.requireNonNull(updater, "updater");
        if (parameter.getVariableType() != org.nd4j.autodiff.samediff.VariableType.VARIABLE
                || sd.getVariable(parameter.name()) != parameter) {
            throw new IllegalArgumentException(parameter.name() + " is not a parameter of this graph");
        }
        org.nd4j.linalg.learning.config.IUpdater known = optimizers.putIfAbsent(parameter.name(), updater);
        if (known != null && !known.equals(updater)) {
            throw new IllegalArgumentException(parameter.name() + " already has the optimiser " + known);
        }
    }

    @Override
    public Map<String, org.nd4j.linalg.learning.config.IUpdater> parameterOptimizers() {
        return java.util.Collections.unmodifiableMap(optimizers);
    }

    /**
     * Gives {@link #encode}, {@link #decode} and {@link #reconstructionNll} the model's networks; call after
     * the encoder and the decoder were built inside the {@code encoder/} and {@code decoder/} name scopes.
     *
     * @param encoder the model's encoder
     * @param decoder the model's decoder
     * @param likelihood the model's likelihood
     */
    public void attachModel(Encoder encoder, Decoder decoder, ReconstructionTerm likelihood) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
    }

    @Override
    public SDVariable trainingStep() {
        return scalarInput("step", GraphInput.Kind.TRAINING_STEP);
    }

    @Override
    public SDVariable epoch() {
        return scalarInput("epoch", GraphInput.Kind.EPOCH);
    }

    @Override
    public SDVariable standardNormal(String name, long... perExample) {
        return noiseInput(name, GraphInput.Kind.STANDARD_NORMAL, perExample);
    }

    @Override
    public SDVariable uniform(String name, long... perExample) {
        return noiseInput(name, GraphInput.Kind.UNIFORM, perExample);
    }

    @Override
    public List<GraphInput> inputs() {
        return List.copyOf(inputs.values());
    }

    @Override
    public Posterior encode(SDVariable images) {
        if (encoder == null) {
            throw new IllegalStateException("the encoder is not built yet: encode() is available to the prior, "
                    + "the loss terms and the decoder");
        }
        return shared("encoder", () -> encoder.encode(this, images));
    }

    @Override
    public SDVariable decode(SDVariable z) {
        if (decoder == null) {
            throw new IllegalStateException("the decoder is not built yet: decode() is available to the prior "
                    + "and the loss terms");
        }
        return shared("decoder", () -> decoder.decode(this, z));
    }

    @Override
    public SDVariable reconstructionNll(SDVariable target, SDVariable decoderOutput) {
        if (likelihood == null) {
            throw new IllegalStateException("the model's likelihood is not known yet: reconstructionNll() is "
                    + "available to the prior and the loss terms");
        }
        return likelihood.negLogLikelihood(this, target, decoderOutput);
    }

    private SDVariable scalarInput(String key, GraphInput.Kind kind) {
        return inputVariables.computeIfAbsent(key, k -> {
            SDVariable v = sd.placeHolder("feed/" + key, dataType);
            inputs.put(key, new GraphInput(v.name(), kind, new long[0]));
            return v;
        });
    }

    private SDVariable noiseInput(String name, GraphInput.Kind kind, long[] perExample) {
        String key = "noise/" + Objects.requireNonNull(name, "name");
        GraphInput known = inputs.get(key);
        if (known != null) {
            if (known.kind() != kind || !java.util.Arrays.equals(known.perExample(), perExample)) {
                throw new IllegalArgumentException("noise '" + name + "' was asked for as " + known
                        + " and now as " + kind + " " + java.util.Arrays.toString(perExample));
            }
            return inputVariables.get(key);
        }
        long[] shape = new long[perExample.length + 1];
        shape[0] = -1;
        System.arraycopy(perExample, 0, shape, 1, perExample.length);
        SDVariable v = sd.placeHolder("feed/" + key, dataType, shape);
        inputs.put(key, new GraphInput(v.name(), kind, perExample));
        inputVariables.put(key, v);
        return v;
    }

    /**
     * Runs a network's build again in a fresh name scope, its {@link #parameter} calls answered with the
     * variables its first build created under {@code owner/} (same relative names), so both applications
     * train the same weights.
     */
    @SuppressWarnings("try")
    private <T> T shared(String owner, java.util.function.Supplier<T> build) {
        if (sharedFrom != null) {
            throw new IllegalStateException("a network cannot apply the model's networks while it is applied itself");
        }
        String scope = "shared-" + owner + "-" + sharedCalls++;
        try (org.nd4j.autodiff.samediff.NameScope ns = sd.withNameScope(scope)) {
            sharedFrom = owner;
            sharedCallScope = sd.currentNameScope();
            return build.get();
        } finally {
            sharedFrom = null;
            sharedCallScope = null;
        }
    }

    private SDVariable sharedParameter(String name, long[] shape) {
        String current = sd.currentNameScope();
        String relative = current.equals(sharedCallScope) ? "" : current.substring(sharedCallScope.length() + 1) + "/";
        String original = sharedFrom + "/" + relative + name;
        if (!sd.hasVariable(original)) {
            throw new IllegalStateException("the " + sharedFrom + " asked for a parameter '" + name
                    + "' it did not create when it was built (" + original + "): a network must create the same "
                    + "parameters on every call");
        }
        SDVariable v = sd.getVariable(original);
        if (!java.util.Arrays.equals(v.getShape(), shape)) {
            throw new IllegalStateException("the " + sharedFrom + " asked for parameter " + original + " with shape "
                    + java.util.Arrays.toString(shape) + ", but it was built with " + java.util.Arrays.toString(v.getShape()));
        }
        return v;
    }
}
