package org.vaelab.models.prior.normal;

import org.vaelab.api.model.PriorSpec;

/** Config of {@link StandardNormalPrior}, type {@value #TYPE}. It has no fields. */
public record StandardNormalPriorSpec() implements PriorSpec {

    /** The config type name. */
    public static final String TYPE = "standard-normal";
}
