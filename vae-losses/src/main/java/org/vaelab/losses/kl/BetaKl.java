package org.vaelab.losses.kl;

import java.util.Objects;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.Components;
import org.vaelab.api.loss.ElboPart;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.schedule.Schedule;

/**
 * KL term of the ELBO, weighted by beta in the objective: the raw per-example value is
 * <pre>
 *   KL(q(z|x) || p(z))                                  when the prior has a closed form ({@code Prior.analyticKl}),
 *   log q(z|x) - log p(z),  z = mean + exp(logVar/2) eps  otherwise (single-sample Monte Carlo estimate)
 * </pre>
 * summed over latent dimensions ({@code Prior.kl}), with q the encoder's posterior (the closed form holds for
 * a diagonal Gaussian q only) and z the reparameterised sample of the forward pass, so the
 * estimate is unbiased and differentiable in the encoder's parameters. For the standard normal prior the
 * closed form is {@code -1/2 sum(1 + logVar - mean^2 - exp(logVar))}. The objective uses
 * {@code weight * beta * mean_batch(KL)} ({@link #coefficient()} is beta); the logged {@code loss/kl} is the
 * raw KL in nats, whatever beta.
 *
 * <p>References: D. P. Kingma and M. Welling, <i>Auto-Encoding Variational Bayes</i>, ICLR 2014 (eq. 10 and
 * Appendix B); I. Higgins et al., <i>beta-VAE: Learning Basic Visual Concepts with a Constrained Variational
 * Framework</i>, ICLR 2017 (eq. 4).
 *
 * <table>
 *   <caption>Spec fields ({@code "type": "beta-kl"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code weight}</td><td>1.0</td><td>Multiplier of this term in the training objective; &ge; 0.</td></tr>
 *   <tr><td>{@code beta}</td><td>1.0</td><td>The beta of beta-VAE, multiplying the KL in the objective; &ge; 0.
 *       1 gives the plain ELBO; values above 1 favour disentangled latents.</td></tr>
 *   <tr><td>{@code schedule}</td><td>none</td><td>A schedule (a nested component of kind {@code schedule}) whose
 *       value at the current step multiplies the KL's weight in the graph: warm-up ({@code linear}), cyclical annealing
 *       ({@code cyclical}, Fu et al. 2019). Without one the term adds no op and no placeholder, so existing
 *       configs give the same numbers as before.</td></tr>
 * </table>
 *
 * <p>With a schedule the objective weighs the KL by {@code weight * beta * s(t)} in the graph
 * ({@link #scheduledCoefficient}); the logged {@code loss/kl} stays the raw KL in nats.
 */
public final class BetaKl implements LossTerm {

    private final BetaKlSpec spec;
    private final Schedule schedule;

    /** @param spec the validated spec, without schedule */
    public BetaKl(BetaKlSpec spec) {
        this(spec, null);
        if (spec.schedule() != null) {
            throw new IllegalArgumentException("a beta-kl with a schedule is built by its Factory, which builds the schedule");
        }
    }

    /**
     * @param spec the validated spec
     * @param schedule the schedule built from {@code spec.schedule()}, or null for none
     */
    public BetaKl(BetaKlSpec spec, Schedule schedule) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.schedule = schedule;
    }

    /** Builds the term and its nested schedule through the framework's registry. */
    public static final class Factory implements ComponentFactory<BetaKlSpec, BetaKl> {
        private final Components components;

        /** @param components builds the nested schedule */
        @com.google.inject.Inject
        public Factory(Components components) {
            this.components = components;
        }

        @Override
        public BetaKl create(BetaKlSpec spec) {
            return new BetaKl(spec, spec.schedule() == null ? null
                    : components.create(ComponentKind.SCHEDULE, spec.schedule(), Schedule.class));
        }
    }

    /** @return the spec this term was built from */
    public BetaKlSpec spec() {
        return spec;
    }

    /** @return {@code "kl"} */
    @Override
    public String name() {
        return "kl";
    }

    /** @return the analytic KL when the prior offers one for q, else {@code log q(z|x) - log p(z)} at the pass's z; {@code [batch]} */
    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        return fp.prior().kl(g, fp.posterior(), fp.z());
    }

    /** @return the schedule's value at the current step, which weighs the KL in the objective; empty without one */
    @Override
    public Optional<SDVariable> scheduledCoefficient(GraphContext g) {
        return schedule == null ? Optional.empty() : Optional.of(schedule.value(g));
    }

    /** @return beta */
    @Override
    public double coefficient() {
        return spec.beta();
    }

    /** @return {@link ElboPart#KL}: the logged value is the raw KL, scheduled or not */
    @Override
    public ElboPart elboPart() {
        return ElboPart.KL;
    }
}
