package org.vaelab.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import org.vaelab.api.UserInputException;

/**
 * Synchronous successive halving (Jamieson and Talwalkar 2016; the synchronous form of ASHA, Li et al. 2018):
 * every trial trains to the first rung's epochs, the best 1/eta by the sweep's metric at that epoch go on to
 * the next rung (eta times more epochs), and so on up to the configs' epochs. A trial that is not promoted
 * stays {@code paused} at its rung, with its checkpoint, so a later sweep (or {@code vaelab resume}) can
 * continue it, and a promoted trial resumes bit for bit where it paused.
 *
 * @param minEpochs epochs of the first rung
 * @param eta the reduction factor: a rung keeps the best 1/eta of its trials
 */
public record SuccessiveHalving(int minEpochs, int eta) {

    /** Checks the settings. */
    public SuccessiveHalving {
        if (minEpochs < 1) {
            throw new UserInputException("search.minEpochs must be at least 1, got " + minEpochs);
        }
        if (eta < 2) {
            throw new UserInputException("search.eta must be at least 2, got " + eta);
        }
    }

    /**
     * @param maxEpochs the configs' epochs
     * @return the epochs at which trials are ranked, the last being {@code maxEpochs}
     */
    public List<Integer> rungs(int maxEpochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long r = minEpochs; r < maxEpochs; r *= eta) {
            rungs.add((int) r);
        }
        rungs.add(maxEpochs);
        return rungs;
    }

    /**
     * @param trials trials at a rung
     * @return how many go on to the next rung: the best {@code ceil(trials / eta)}, at least one
     */
    public int promoted(int trials) {
        return Math.max(1, (trials + eta - 1) / eta);
    }
}
