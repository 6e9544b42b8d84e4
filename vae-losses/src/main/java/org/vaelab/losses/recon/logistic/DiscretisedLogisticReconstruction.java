package org.vaelab.losses.recon.logistic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.ops.VaeOps;
import org.vaelab.losses.recon.DecoderScale;
import org.vaelab.losses.recon.learned.LearnedGaussianReconstruction.Sigma;
import org.vaelab.losses.recon.learned.LogScaleParameter;

/**
 * Discretised logistic likelihood (D. P. Kingma et al., <i>Improved Variational Inference with Inverse
 * Autoregressive Flow</i>, NeurIPS 2016; T. Salimans et al., <i>PixelCNN++</i>, ICLR 2017, one component): data on
 * [0, 1] in B bins {@code k / (B - 1)} (256 for 8-bit images), the decoder output {@code mu} each pixel's location
 * and a learned log-scale {@code s}, global or per pixel. With F the logistic CDF and {@code d = 1 / (2 (B - 1))}
 * half a bin,
 * <pre>
 *   p(x) = F((x + d - mu) / e^s) - F((x - d - mu) / e^s)   inside,
 *   p(0) = F((d - mu) / e^s),   p(1) = 1 - F((1 - d - mu) / e^s)   at the edges (all mass below 0 and above 1).
 * </pre>
 * Inside, {@code log(sigmoid(a) - sigmoid(b)) = a + log(-expm1(b - a)) - softplus(a) - softplus(b)}, which has
 * no cancellation however narrow the bin is against the scale (PixelCNN++ switches to the density there instead);
 * the edges are {@code -softplus(-a)} and {@code -softplus(b)}. Pixels go to the edge forms by their value (below
 * half a bin, above 1 minus half a bin). As a negative log-probability of the quantised image the value is a true
 * (non-negative) number of nats, comparable with the Bernoulli likelihood's. The mean of p(x|z) used for pictures
 * is that of the logistic censored to [0, 1], {@code e^s (softplus(mu / e^s) - softplus((mu - 1) / e^s))}, which the
 * discretised mean equals up to the rounding within a bin. The {@code log-scale} parameter is created, in the scope of the first call,
 * the first time the likelihood scores in a graph, and shared by every later call.
 */
public final class DiscretisedLogisticReconstruction implements ReconstructionTerm {

    /**
     * Config of {@link DiscretisedLogisticReconstruction}:
     * {@code {"type": "discretised-logistic-reconstruction", "scale": "global", "initialScale": 0.1, "bins": 256}}.
     *
     * @param weight multiplier of this term; default 1
     * @param scale global or per-pixel learned log-scale; default per-pixel
     * @param initialScale the logistic scale training starts from, in data units; default 0.1
     * @param bins the number of values a pixel takes on [0, 1]; default 256
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("Which logistic scales are learned: one shared by all pixels (global), one per"
                    + " pixel (per-pixel), or predicted by the decoder for every pixel of every image (decoder: the mlp"
                    + " and conv decoders then emit two values per pixel, the location and the log-scale, floored at"
                    + " -6). Default per-pixel.")
            @NotNull Sigma scale,
            @JsonPropertyDescription("The logistic scale training starts from, in data units (its standard deviation"
                    + " is pi/sqrt(3) times it). Default 0.1.")
            @Positive double initialScale,
            @JsonPropertyDescription("The number of values a pixel takes, evenly spaced on [0, 1] (256 for 8-bit"
                    + " images). Default 256.")
            @Min(2) @Max(1 << 16) int bins) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "discretised-logistic-reconstruction";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param scale global, per-pixel or null
         * @param initialScale the initial scale or null
         * @param bins the number of bins or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("scale") Sigma scale,
                @JsonProperty("initialScale") Double initialScale, @JsonProperty("bins") Integer bins) {
            this(weight == null ? 1.0 : weight, scale == null ? Sigma.PER_PIXEL : scale,
                    initialScale == null ? 0.1 : initialScale, bins == null ? 256 : bins);
        }
    }

    private final Spec spec;
    private final LogScaleParameter logScale;

    /** @param spec the validated spec */
    public DiscretisedLogisticReconstruction(Spec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.logScale = new LogScaleParameter("log-scale", spec.scale(), spec.initialScale());
    }

    /** @return {@code "recon"} */
    @Override
    public String name() {
        return "recon";
    }

    /** @return 2 with {@code scale: decoder} (the location, then the log-scale), else 1 */
    @Override
    public int outputsPerPixel() {
        return spec.scale() == Sigma.DECODER ? 2 : 1;
    }

    /** @return the log-scale: the parameter, or the decoder's prediction with {@code scale: decoder} */
    private SDVariable logScale(GraphContext g, SDVariable decoderOutput) {
        return spec.scale() == Sigma.DECODER ? DecoderScale.logScale(g, decoderOutput, spec.initialScale()) : logScale(g);
    }

    /** @return the location: the decoder output, or its first block with {@code scale: decoder} */
    private SDVariable location(GraphContext g, SDVariable decoderOutput) {
        return spec.scale() == Sigma.DECODER ? DecoderScale.location(g, decoderOutput) : decoderOutput;
    }

    @Override
    public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput) {
        SameDiff sd = g.sd();
        SDVariable s = logScale(g, decoderOutput);
        decoderOutput = location(g, decoderOutput);
        double last = spec.bins() - 1;
        double half = 0.5 / last;
        SDVariable inverse = sd.math.exp(s.neg());
        SDVariable centred = target.sub(decoderOutput);
        SDVariable a = centred.add(half).mul(inverse);                 // upper bin edge, standardised
        SDVariable b = centred.sub(half).mul(inverse);                 // lower bin edge
        SDVariable width = inverse.mul(2 * half);                      // a - b
        SDVariable inside = a.add(sd.math.log(sd.math.expm1(width.neg()).neg()))
                .sub(VaeOps.softplus(sd, a)).sub(VaeOps.softplus(sd, b));
        SDVariable bottom = VaeOps.softplus(sd, a.neg()).neg();        // log F(a)
        SDVariable top = VaeOps.softplus(sd, b).neg();                 // log(1 - F(b))
        // edge masks from the target alone (no gradient): 1 below half a bin / above 1 - half a bin, else 0
        SDVariable low = VaeOps.stopGradient(sd, sd.math.clipByValue(sd.math.floor(target.mul(-last).add(1.5)), 0, 1));
        SDVariable high = VaeOps.stopGradient(sd, sd.math.clipByValue(sd.math.floor(target.mul(last).add(2.5 - spec.bins())), 0, 1));
        SDVariable middle = low.add(high).rsub(1.0);
        return inside.mul(middle).add(bottom.mul(low)).add(top.mul(high)).sum(1).neg();
    }

    /**
     * @param g the graph context
     * @return {@code log scale}, {@code [1]} or {@code [D]}, created on the first call in this graph
     */
    public SDVariable logScale(GraphContext g) {
        if (spec.scale() == Sigma.DECODER) {
            throw new IllegalStateException("scale: decoder has no log-scale parameter: the decoder predicts it");
        }
        return logScale.in(g);
    }

    /** @return the mean of the logistic censored to [0, 1] */
    @Override
    public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
        SameDiff sd = g.sd();
        SDVariable s = logScale(g, decoderOutput);
        decoderOutput = location(g, decoderOutput);
        SDVariable inverse = sd.math.exp(s.neg());
        return VaeOps.softplus(sd, decoderOutput.mul(inverse)).sub(VaeOps.softplus(sd, decoderOutput.sub(1.0).mul(inverse)))
                .mul(sd.math.exp(s));
    }
}
