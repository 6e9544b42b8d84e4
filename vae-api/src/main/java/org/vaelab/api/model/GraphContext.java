package org.vaelab.api.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaelab.api.data.ImageShape;

/**
 * What every graph-building call receives: the SameDiff instance, the shapes, and a parameter factory
 * whose initial values depend only on the run seed and the parameter's scoped name (so adding a
 * component never changes another component's initial weights).
 */
public interface GraphContext {

    /** @return the graph under construction */
    SameDiff sd();

    /** @return the floating-point type of parameters and activations ({@code FLOAT} by default) */
    DataType dataType();

    /** @return the shape of one input image */
    ImageShape imageShape();

    /** @return the number of values in one flattened input, {@code C*H*W} */
    default long inputDim() {
        return imageShape().size();
    }

    /**
     * @return how many values per pixel the decoder is to emit: the model's likelihood's
     *     ({@link org.vaelab.api.loss.ReconstructionTerm#outputsPerPixel}), 1 unless it predicts a scale too
     */
    default int outputsPerPixel() {
        return 1;
    }

    /** @return the number of latent dimensions */
    int latentDim();

    /**
     * Creates a trainable parameter in the current name scope.
     *
     * @param name a name local to the component, for example {@code "fc1/w"}
     * @param init how to draw the initial values
     * @param shape the parameter shape
     * @return the new variable
     */
    SDVariable parameter(String name, Initializer init, long... shape);

    /**
     * Trains a parameter with its own optimiser settings instead of the run's {@code training.optimizer}: for a
     * component's adversary that its paper trains with other settings (FactorVAE's discriminator). The state is
     * kept and checkpointed per parameter as for any other; the step count (Adam's bias correction) is the run's.
     *
     * @param parameter a parameter this component created with {@link #parameter}
     * @param updater ND4J's optimiser settings for it, for example {@code new Adam(1e-4, 0.5, 0.9, 1e-8)}
     */
    default void parameterOptimizer(SDVariable parameter, org.nd4j.linalg.learning.config.IUpdater updater) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take per-parameter optimisers");
    }

    /** @return parameter name to the optimiser settings given with {@link #parameterOptimizer}, in order */
    default java.util.Map<String, org.nd4j.linalg.learning.config.IUpdater> parameterOptimizers() {
        return java.util.Map.of();
    }
    /**
     * Where training stands: the number of optimiser steps taken before the current one (0 at the first),
     * as a float scalar fed at every step; for weights and terms that follow a schedule (KL warm-up,
     * cyclical beta, capacity annealing). Evaluation sees the value the next training step would see.
     *
     * @return the scalar placeholder (the same variable on every call)
     */
    default SDVariable trainingStep() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not feed the training step");
    }

    /**
     * The 0-based epoch of the current step, as a float scalar fed at every step (evaluation: the epochs
     * completed).
     *
     * @return the scalar placeholder (the same variable on every call)
     */
    default SDVariable epoch() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not feed the epoch");
    }

    /**
     * Seeded standard normal noise, fresh for every batch: for K samples per example (a K-sample
     * objective), prior samples, or a posterior family's own noise. The framework draws it from the run's
     * seed, the input's name and the batch, so adding such an input changes no other draw, and a resumed run
     * draws the same values.
     *
     * @param name a name for this noise, unique within the model; asking twice with the same name and shape
     *     returns the same placeholder (shared noise)
     * @param perExample one example's shape, for example {@code (K, latentDim)}
     * @return a placeholder {@code [batch, perExample...]}
     */
    default SDVariable standardNormal(String name, long... perExample) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not feed noise");
    }

    /**
     * Seeded uniform noise on [0, 1), fresh for every batch; see {@link #standardNormal}.
     *
     * @param name a name for this noise, unique within the model
     * @param perExample one example's shape
     * @return a placeholder {@code [batch, perExample...]}
     */
    default SDVariable uniform(String name, long... perExample) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not feed noise");
    }

    /**
     * The model's encoder applied to other inputs, sharing its parameters: for a prior with pseudo-inputs
     * (VampPrior) or a term that encodes its own images. Available once the encoder is built (to the prior,
     * the loss terms and the evaluation).
     *
     * @param images inputs, {@code [n, C*H*W]}
     * @return the posterior for them
     */
    default Posterior encode(SDVariable images) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no model to encode with");
    }

    /**
     * The model's decoder applied to other codes, sharing its parameters: for K-sample objectives and
     * terms on prior samples. Available once the decoder is built.
     *
     * @param z codes, {@code [n, latentDim]}
     * @return the decoder output, {@code [n, C*H*W]}
     */
    default SDVariable decode(SDVariable z) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no model to decode with");
    }

    /**
     * The model's likelihood, -log p(target | decoder output) summed over pixels (the config's first
     * reconstruction term), for objectives that score other decodings than the forward pass's.
     *
     * @param target values to score, {@code [n, C*H*W]}
     * @param decoderOutput the decoder's output for them
     * @return per example, {@code [n]}
     */
    default SDVariable reconstructionNll(SDVariable target, SDVariable decoderOutput) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no likelihood");
    }

    /** @return the inputs components asked for ({@link #standardNormal}, {@link #trainingStep}, ...), in order */
    default java.util.List<GraphInput> inputs() {
        return java.util.List.of();
    }
}
