package org.vaelab.losses.zoo;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.model.Posterior;
import org.vaelab.losses.TinyGraph;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstruction;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstructionSpec;

/** {@link TinyGraph} with its linear encoder and decoder attached, so terms can apply them again (IWAE). */
final class ModelGraph {

    private ModelGraph() {}

    static TinyGraph withModel(org.vaelab.api.model.Prior prior) {
        TinyGraph t = new TinyGraph(prior);
        // the same parameter names as TinyGraph's inline networks: the context answers them with the built ones
        t.g.attachModel(
                (g, x) -> new Posterior(
                        x.mmul(g.parameter("mean/w", Initializer.zeros(), TinyGraph.D, TinyGraph.LATENT))
                                .add(g.parameter("mean/b", Initializer.zeros(), TinyGraph.LATENT)),
                        x.mmul(g.parameter("logvar/w", Initializer.zeros(), TinyGraph.D, TinyGraph.LATENT))
                                .add(g.parameter("logvar/b", Initializer.zeros(), TinyGraph.LATENT))),
                (g, z) -> z.mmul(g.parameter("out/w", Initializer.zeros(), TinyGraph.LATENT, TinyGraph.D))
                        .add(g.parameter("out/b", Initializer.zeros(), TinyGraph.D)),
                new BernoulliReconstruction(BernoulliReconstructionSpec.defaults()));
        return t;
    }

    static double bce(double x, double l) {
        return Math.max(l, 0) - l * x + Math.log1p(Math.exp(-Math.abs(l)));
    }

    static SDVariable noop(SDVariable v) {
        return v;
    }
}
