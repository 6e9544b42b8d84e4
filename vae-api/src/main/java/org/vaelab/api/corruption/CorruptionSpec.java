package org.vaelab.api.corruption;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.vaelab.api.ComponentSpec;

/** Config of a corruption; the {@code "type"} field selects the registered implementation. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface CorruptionSpec extends ComponentSpec {}
