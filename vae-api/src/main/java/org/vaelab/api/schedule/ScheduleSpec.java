package org.vaelab.api.schedule;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.vaelab.api.ComponentSpec;

/**
 * Config of a schedule, nested inside the component that follows it (for example
 * {@code losses[i].schedule} of {@code beta-kl}); the {@code "type"} field selects the registered
 * implementation. A component that holds one builds it with {@link org.vaelab.api.Components#create}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface ScheduleSpec extends ComponentSpec {}
