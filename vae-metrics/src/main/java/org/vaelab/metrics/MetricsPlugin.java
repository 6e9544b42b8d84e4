package org.vaelab.metrics;

import com.google.inject.AbstractModule;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;
import org.vaelab.metrics.disentanglement.BetaVaeScore;
import org.vaelab.metrics.disentanglement.BetaVaeScoreSpec;
import org.vaelab.metrics.disentanglement.Dci;
import org.vaelab.metrics.disentanglement.DciSpec;
import org.vaelab.metrics.disentanglement.FactorVaeScore;
import org.vaelab.metrics.disentanglement.FactorVaeScoreSpec;
import org.vaelab.metrics.disentanglement.Mig;
import org.vaelab.metrics.disentanglement.MigSpec;
import org.vaelab.metrics.disentanglement.Sap;
import org.vaelab.metrics.disentanglement.SapSpec;
import org.vaelab.metrics.representation.ActiveUnits;
import org.vaelab.metrics.representation.ActiveUnitsSpec;
import org.vaelab.metrics.representation.LinearProbe;
import org.vaelab.metrics.representation.LinearProbeSpec;

/**
 * Registers the built-in metrics: {@value ActiveUnitsSpec#TYPE}, {@value LinearProbeSpec#TYPE},
 * {@value BetaVaeScoreSpec#TYPE}, {@value FactorVaeScoreSpec#TYPE}, {@value MigSpec#TYPE}, {@value DciSpec#TYPE}
 * and {@value SapSpec#TYPE}. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.vaelab.api.VaePlugin}).
 */
public final class MetricsPlugin extends AbstractModule implements VaePlugin {

    /** Creates the plugin; {@link java.util.ServiceLoader} needs this public no-argument constructor. */
    public MetricsPlugin() {}

    @Override
    protected void configure() {
        Plugins.metric(binder(), ActiveUnitsSpec.TYPE, ActiveUnitsSpec.class, ActiveUnits::new);
        Plugins.metric(binder(), LinearProbeSpec.TYPE, LinearProbeSpec.class, LinearProbe::new);
        Plugins.metric(binder(), BetaVaeScoreSpec.TYPE, BetaVaeScoreSpec.class, BetaVaeScore::new);
        Plugins.metric(binder(), FactorVaeScoreSpec.TYPE, FactorVaeScoreSpec.class, FactorVaeScore::new);
        Plugins.metric(binder(), MigSpec.TYPE, MigSpec.class, Mig::new);
        Plugins.metric(binder(), DciSpec.TYPE, DciSpec.class, Dci::new);
        Plugins.metric(binder(), SapSpec.TYPE, SapSpec.class, Sap::new);
    }
}
