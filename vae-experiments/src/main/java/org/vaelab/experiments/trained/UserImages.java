package org.vaelab.experiments.trained;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.ImageFiles;
import org.vaelab.api.data.ImageShape;
import org.vaelab.experiments.run.IoErrors;

/**
 * A folder of the user's own pictures, in sorted path order and resized to a model's image shape.
 *
 * @param names each file's path relative to the folder
 * @param images {@code [n, C*H*W]} in [0, 1]
 */
public record UserImages(List<String> names, INDArray images) {

    private static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "gif", "bmp");

    /**
     * @param folder a folder searched recursively for PNG, JPEG, GIF and BMP files
     * @param shape the model's image shape
     * @return the images
     */
    public static UserImages read(Path folder, ImageShape shape) {
        if (!Files.isDirectory(folder)) {
            throw new UserInputException(folder + " is not a folder of images");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(UserImages::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UserInputException("cannot list " + folder + ": " + IoErrors.describe(e), e);
        }
        if (files.isEmpty()) {
            throw new UserInputException(folder + " holds no image files (" + String.join(", ", EXTENSIONS) + ")");
        }
        int d = (int) shape.size();
        float[] pixels = new float[files.size() * d];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(ImageFiles.load(files.get(i), shape), 0, pixels, i * d, d);
            names.add(folder.relativize(files.get(i)).toString());
        }
        return new UserImages(names, Nd4j.create(pixels, new long[] {files.size(), d}, DataType.FLOAT));
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }
}
