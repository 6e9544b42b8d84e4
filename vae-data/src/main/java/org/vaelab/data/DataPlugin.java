package org.vaelab.data;

import com.google.inject.AbstractModule;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;
import org.vaelab.data.dsprites.DspritesSource;
import org.vaelab.data.dsprites.DspritesSpec;
import org.vaelab.data.folder.ImageFolderSource;
import org.vaelab.data.folder.ImageFolderSpec;
import org.vaelab.data.idx.IdxSource;
import org.vaelab.data.idx.IdxSpec;

/**
 * The data plugin: registers the {@code "dsprites"}, {@code "idx"} and {@code "image-folder"} data
 * sources. The input corruptions of this module are registered by a separate plugin,
 * {@link org.vaelab.data.corruption.CorruptionsPlugin}.
 *
 * <p>Found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/org.vaelab.api.VaePlugin}.
 */
public final class DataPlugin extends AbstractModule implements VaePlugin {

    /** Creates the plugin; called by {@link java.util.ServiceLoader}. */
    public DataPlugin() {}

    @Override
    protected void configure() {
        Plugins.data(binder(), DspritesSpec.TYPE, DspritesSpec.class, DspritesSource::new);
        Plugins.data(binder(), IdxSpec.TYPE, IdxSpec.class, IdxSource::new);
        Plugins.data(binder(), ImageFolderSpec.TYPE, ImageFolderSpec.class, ImageFolderSource::new);
    }
}
