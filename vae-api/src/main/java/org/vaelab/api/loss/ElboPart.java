package org.vaelab.api.loss;

/** Which part of the negative ELBO a loss term's raw value is, if any. */
public enum ElboPart {
    /** -E_q[log p(x|z)], the reconstruction negative log-likelihood. */
    RECONSTRUCTION,
    /** KL(q(z|x) || p(z)). */
    KL,
    /** Not part of the ELBO (a regulariser, an auxiliary objective). */
    NONE
}
