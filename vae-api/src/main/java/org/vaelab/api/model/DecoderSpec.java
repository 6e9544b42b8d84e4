package org.vaelab.api.model;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.vaelab.api.ComponentSpec;

/** Config of a decoder; the {@code "type"} field selects the registered implementation. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface DecoderSpec extends ComponentSpec {}
