package org.vaelab.api.data;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.vaelab.api.ComponentSpec;

/** Config of a data source; the {@code "type"} field selects the registered implementation. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface DataSpec extends ComponentSpec {}
