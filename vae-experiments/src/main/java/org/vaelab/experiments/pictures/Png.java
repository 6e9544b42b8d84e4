package org.vaelab.experiments.pictures;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.vaelab.experiments.run.AtomicFiles;

/** Writes a picture as a PNG file, atomically (temporary file, then rename). */
public final class Png {

    static {
        // pictures are drawn off screen: no display is needed (nor wanted) on a training machine
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Png() {}

    /** Sets {@code java.awt.headless} (unless set already) before the first AWT class loads. */
    static void headless() {
        // the static initialiser did the work
    }

    /**
     * @param image the picture
     * @param file the PNG to write
     */
    public static void write(BufferedImage image, Path file) {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
