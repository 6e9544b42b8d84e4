package org.vaelab.engine.dense;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.dense.DenseLoss;
import org.vaelab.api.dense.DenseLossTerm;
import org.vaelab.api.dense.DenseNetwork;
import org.vaelab.api.dense.NetworkLayer;
import org.vaelab.api.dense.StandardNormal;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.engine.graph.ModelComponents;
import org.vaelab.engine.graph.VaeGraph;

/** Builds the dense engine from the components' dense forms ({@code org.vaelab.api.dense}), checked against the graph. */
public final class DenseForms {

    private DenseForms() {}

    /** The dense engine for the graph, or null with the reasons added to {@code missing}. */
    public static DenseVae build(VaeGraph graph, int threads, List<String> missing) {
        ModelComponents c = graph.components();
        long inputDim = graph.context().inputDim();
        ImageShape image = graph.context().imageShape();
        int latent = graph.context().latentDim();
        if (c.corruption() != null) {
            missing.add("a corruption is configured");
        }
        if (!graph.inputs().isEmpty()) {
            missing.add("components ask for inputs the dense engine does not feed (" + graph.inputs() + ")");
        }
        if (graph.context().outputsPerPixel() != 1) {
            missing.add("the likelihood reads " + graph.context().outputsPerPixel() + " decoder values per pixel");
        }
        if (!graph.sideMetricNames().isEmpty()) {
            missing.add("loss terms add side objectives or metrics (" + graph.sideMetricNames() + ")");
        }
        if (!graph.posteriorIsDiagonalGaussian()) {
            missing.add("the encoder's posterior is not the diagonal Gaussian");
        }
        if (!(c.prior() instanceof StandardNormal)) {
            missing.add("the prior " + c.prior().getClass().getSimpleName() + " is not the standard normal");
        }
        Optional<List<NetworkLayer>> enc = layers(c.encoder(), "encoder", image, latent, missing);
        Optional<List<NetworkLayer>> dec = layers(c.decoder(), "decoder", image, latent, missing);
        List<DenseVae.Term> terms = new ArrayList<>();
        DenseLoss likelihood = null;
        List<String> metrics = graph.termMetricNames();
        for (int i = 0; i < c.losses().size(); i++) {
            LossTerm term = c.losses().get(i).term();
            Optional<DenseLoss> form = term instanceof DenseLossTerm d ? d.denseLoss() : Optional.empty();
            if (form.isEmpty()) {
                missing.add("the loss term " + term.getClass().getSimpleName() + " has no dense form");
                continue;
            }
            String metric = metrics.get(i);
            terms.add(new DenseVae.Term(metric, form.get(), graph.termFactors().get(metric)));
            if (likelihood == null && term instanceof ReconstructionTerm) {
                likelihood = form.get();
            }
        }
        if (likelihood != null && likelihood.kind() == DenseLoss.Kind.ANALYTIC_KL) {
            missing.add("the reconstruction term's dense form is not a likelihood");
        }
        if (!missing.isEmpty()) {
            return null;
        }
        Map<String, INDArray> params = graph.parameters();
        List<EngineLayer> encoder = bind("encoder", enc.get(), inputDim, 2L * latent, params, missing);
        List<EngineLayer> decoder = bind("decoder", dec.get(), latent, inputDim, params, missing);
        int covered = 2 * (encoder.size() + decoder.size());
        if (missing.isEmpty() && covered != params.size()) {
            missing.add("the graph has parameters outside the encoder's and decoder's layers");
        }
        return missing.isEmpty() ? new DenseVae(graph, encoder, decoder, terms, likelihood, threads) : null;
    }

    private static Optional<List<NetworkLayer>> layers(Object component, String role, ImageShape image, int latent,
            List<String> missing) {
        Optional<List<NetworkLayer>> layers = component instanceof DenseNetwork n
                ? n.denseLayers(image, latent) : Optional.empty();
        if (layers.isEmpty() || layers.get().isEmpty()) {
            missing.add("the " + role + " " + component.getClass().getSimpleName() + " has no dense form");
            return Optional.empty();
        }
        return layers;
    }

    /** Checks the described layers against the graph's parameters: names, shapes, and the chain's widths. */
    private static List<EngineLayer> bind(String role, List<NetworkLayer> layers, long in, long out,
            Map<String, INDArray> params, List<String> missing) {
        List<EngineLayer> bound = new ArrayList<>();
        long width = in;
        for (NetworkLayer l : layers) {
            EngineLayer e = EngineLayer.of(l, role);
            INDArray wa = params.get(e.weightName);
            INDArray ba = params.get(e.biasName);
            if (l.inputSize() != width || wa == null || ba == null || !java.util.Arrays.equals(wa.shape(), e.weightShape())
                    || ba.length() != e.channels) {
                missing.add("the " + role + "'s dense form (layer " + l.name() + ") does not match its graph");
                return bound;
            }
            bound.add(e);
            width = l.outputSize();
        }
        if (width != out) {
            missing.add("the " + role + "'s dense layers end with width " + width + ", not " + out);
        }
        return bound;
    }
}
