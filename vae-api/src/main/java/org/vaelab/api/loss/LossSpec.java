package org.vaelab.api.loss;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.vaelab.api.ComponentSpec;

/** Config of a loss term; the {@code "type"} field selects the registered implementation. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface LossSpec extends ComponentSpec {

    /** @return the multiplier of this term in the objective (1 unless the config says otherwise) */
    double weight();
}
