package org.vaelab.api.data;

/**
 * Loads a dataset. Any randomness (a generated dataset, a random subset) must come from the seed given.
 * Problems the user can fix (a missing file, a corrupt header) are reported as
 * {@link org.vaelab.api.UserInputException} naming the file.
 */
public interface DataSource {

    /**
     * @param seed the seed the runner derived for this data source from the run seed
     * @return the dataset, in memory
     */
    Dataset load(long seed);

    /**
     * @return a generator of images for any factor combination, where the data come from one (dSprites);
     *     empty by default
     */
    default java.util.Optional<GroundTruthFactors> groundTruth() {
        return java.util.Optional.empty();
    }
}
