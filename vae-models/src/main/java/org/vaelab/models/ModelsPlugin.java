package org.vaelab.models;

import com.google.inject.AbstractModule;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;
import org.vaelab.models.conv.ConvDecoder;
import org.vaelab.models.conv.ConvDecoderSpec;
import org.vaelab.models.conv.ConvEncoder;
import org.vaelab.models.conv.ConvEncoderSpec;
import org.vaelab.models.conv.DisentanglementLibDecoderSpec;
import org.vaelab.models.conv.DisentanglementLibEncoderSpec;
import org.vaelab.models.mlp.MlpDecoder;
import org.vaelab.models.mlp.MlpDecoderSpec;
import org.vaelab.models.mlp.MlpEncoder;
import org.vaelab.models.mlp.MlpEncoderSpec;
import org.vaelab.models.prior.mixture.GaussianMixturePrior;
import org.vaelab.models.prior.normal.StandardNormalPrior;
import org.vaelab.models.prior.vamp.VampPrior;
import org.vaelab.models.prior.normal.StandardNormalPriorSpec;
import org.vaelab.models.vq.VqEncoder;

/**
 * Registers the built-in encoders, decoders and priors. Found through
 * {@code META-INF/services/org.vaelab.api.VaePlugin}.
 *
 * <table>
 *   <caption>Registered components</caption>
 *   <tr><th>Kind</th><th>Type</th><th>Implementation</th></tr>
 *   <tr><td>encoder</td><td>{@code mlp}</td><td>{@link MlpEncoder}</td></tr>
 *   <tr><td>decoder</td><td>{@code mlp}</td><td>{@link MlpDecoder}</td></tr>
 *   <tr><td>encoder</td><td>{@code conv}</td><td>{@link ConvEncoder}</td></tr>
 *   <tr><td>decoder</td><td>{@code conv}</td><td>{@link ConvDecoder}</td></tr>
 *   <tr><td>encoder</td><td>{@code disentanglement-lib}</td><td>{@link ConvEncoder} (disentanglement_lib's 64x64
 *       layers, {@link DisentanglementLibEncoderSpec})</td></tr>
 *   <tr><td>decoder</td><td>{@code disentanglement-lib}</td><td>{@link ConvDecoder} (its mirror,
 *       {@link DisentanglementLibDecoderSpec})</td></tr>
 *   <tr><td>prior</td><td>{@code standard-normal}</td><td>{@link StandardNormalPrior}</td></tr>
 *   <tr><td>prior</td><td>{@code gaussian-mixture}</td><td>{@link GaussianMixturePrior}</td></tr>
 *   <tr><td>prior</td><td>{@code vamp}</td><td>{@link VampPrior}</td></tr>
 * </table>
 */
public final class ModelsPlugin extends AbstractModule implements VaePlugin {

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public ModelsPlugin() {}

    @Override
    protected void configure() {
        Plugins.encoder(binder(), MlpEncoderSpec.TYPE, MlpEncoderSpec.class, MlpEncoder::new);
        Plugins.decoder(binder(), MlpDecoderSpec.TYPE, MlpDecoderSpec.class, MlpDecoder::new);
        Plugins.encoder(binder(), ConvEncoderSpec.TYPE, ConvEncoderSpec.class, ConvEncoder::new);
        Plugins.decoder(binder(), ConvDecoderSpec.TYPE, ConvDecoderSpec.class, ConvDecoder::new);
        Plugins.encoder(binder(), DisentanglementLibEncoderSpec.TYPE, DisentanglementLibEncoderSpec.class,
                spec -> new ConvEncoder(spec.conv()));
        Plugins.decoder(binder(), DisentanglementLibDecoderSpec.TYPE, DisentanglementLibDecoderSpec.class,
                spec -> new ConvDecoder(spec.conv()));
        Plugins.encoder(binder(), VqEncoder.Spec.TYPE, VqEncoder.Spec.class, VqEncoder.Factory.class);
        Plugins.prior(binder(), GaussianMixturePrior.Spec.TYPE, GaussianMixturePrior.Spec.class, GaussianMixturePrior::new);
        Plugins.prior(binder(), VampPrior.Spec.TYPE, VampPrior.Spec.class, VampPrior::new);
        Plugins.prior(binder(), StandardNormalPriorSpec.TYPE, StandardNormalPriorSpec.class, StandardNormalPrior::new);
    }
}
