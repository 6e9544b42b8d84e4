package org.vaelab.api.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a loaded dataset is, for the run's provenance and for evaluation.
 *
 * @param description a one-line human-readable description, for example {@code "Fashion-MNIST (IDX)"}
 * @param shape the shape of one image
 * @param factorNames names of the ground-truth factors, in column order of {@link DataSplit#factors()}; empty if none
 * @param classNames class names indexed by label; empty if the data has no labels or no names
 * @param sources where the data came from, for provenance: file path to its SHA-256, or a generator's
 *     parameters; may be empty
 */
public record DataInfo(String description, ImageShape shape, List<String> factorNames, List<String> classNames,
        Map<String, String> sources) {

    /**
     * Copies the collections and rejects nulls.
     *
     * @param description a one-line description
     * @param shape the shape of one image
     * @param factorNames names of the ground-truth factors; empty if none
     * @param classNames class names indexed by label; empty if none
     * @param sources where the data came from; may be empty
     */
    public DataInfo {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(shape, "shape");
        factorNames = List.copyOf(factorNames);
        classNames = List.copyOf(classNames);
        sources = Map.copyOf(sources);
    }
}
