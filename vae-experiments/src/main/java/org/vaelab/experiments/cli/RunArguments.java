package org.vaelab.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.vaelab.api.UserInputException;
import org.vaelab.api.corruption.CorruptionSpec;
import org.vaelab.api.metric.MetricSpec;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.plugins.Framework;

/**
 * Component specs given on the command line ({@code --metric mig}, {@code --metric '{type: mig, numBins: 10}'},
 * {@code --corruption '{type: block-occlusion}'}), bound and validated as if they stood in the run's config, so
 * they get the config's messages.
 */
final class RunArguments {

    private RunArguments() {}

    /**
     * @param framework the framework
     * @param config the run's config
     * @param values each a type name or a YAML mapping with a type
     * @return the validated metric specs
     */
    static List<MetricSpec> metrics(Framework framework, ExperimentConfig config, List<String> values) {
        ObjectNode tree = framework.json().valueToTree(config);
        ArrayNode list = ((ObjectNode) tree.get("evaluation")).putArray("metrics");
        values.forEach(v -> list.add(spec(framework, "--metric", v)));
        return new ConfigLoader(framework).fromTree(tree, "--metric").evaluation().metrics();
    }

    /**
     * @param framework the framework
     * @param config the run's config
     * @param value a type name or a YAML mapping with a type
     * @return the validated corruption spec
     */
    static CorruptionSpec corruption(Framework framework, ExperimentConfig config, String value) {
        ObjectNode tree = framework.json().valueToTree(config);
        tree.set("corruption", spec(framework, "--corruption", value));
        return new ConfigLoader(framework).fromTree(tree, "--corruption").corruption();
    }

    private static JsonNode spec(Framework framework, String option, String value) {
        String text = value.strip();
        if (!text.startsWith("{")) {
            text = "{type: " + text + "}";
        }
        try {
            JsonNode node = framework.yaml().readTree(text);
            if (node == null || !node.isObject()) {
                throw new UserInputException(option + " " + value + ": expected a type name or a mapping such as {type: mig}");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserInputException(option + " " + value + ": " + ConfigLoader.syntaxError(e, "YAML"), e);
        }
    }
}
