package org.vaelab.api.metric;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.vaelab.api.ComponentSpec;

/** Config of a metric; the {@code "type"} field selects the registered implementation. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface MetricSpec extends ComponentSpec {}
