package org.vaelab.models.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ActivationTest {

    private static final double[] X = {-3, -1, -0.25, 0, 0.25, 1, 3};

    private static final Map<Activation, DoubleUnaryOperator> EXPECTED = Map.of(
            Activation.RELU, x -> Math.max(0, x),
            Activation.TANH, Math::tanh,
            Activation.SIGMOID, x -> 1 / (1 + Math.exp(-x)),
            Activation.ELU, x -> x > 0 ? x : Math.expm1(x),
            Activation.LEAKY_RELU, x -> x > 0 ? x : 0.01 * x,
            Activation.SOFTPLUS, x -> Math.log1p(Math.exp(x)),
            Activation.GELU, x -> x / (1 + Math.exp(-(double) 1.702f * x)),   // ND4J's constant is a float
            Activation.IDENTITY, x -> x);

    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(Activation.class)
    void graphOpMatchesFormula(Activation activation) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant("x", Nd4j.createFromArray(X));
        SDVariable y = activation.apply(sd, x);
        double[] actual = y.eval().castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < X.length; i++) {
            assertThat(actual[i]).as("%s(%s)", activation, X[i])
                    .isCloseTo(EXPECTED.get(activation).applyAsDouble(X[i]), org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @SuppressWarnings("try")    // the name scope is used for its side effect
    @ParameterizedTest
    @EnumSource(value = Activation.class, mode = EnumSource.Mode.EXCLUDE, names = "IDENTITY")
    void namedApplyNamesTheOutputInScope(Activation activation) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant("x", Nd4j.createFromArray(X));
        try (var ignored = sd.withNameScope("decoder")) {
            assertThat(activation.apply(sd, "act", x).name()).isEqualTo("decoder/act");
        }
    }

    @Test
    void identityAddsNoOp() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant("x", Nd4j.createFromArray(X));
        assertThat(Activation.IDENTITY.apply(sd, "ignored", x)).isSameAs(x);
        assertThat(sd.ops()).isEmpty();
    }

    @Test
    void jsonNamesAreLowerKebabCase() throws JsonProcessingException {
        assertThat(mapper.writeValueAsString(Activation.LEAKY_RELU)).isEqualTo("\"leaky-relu\"");
        assertThat(mapper.writeValueAsString(Activation.RELU)).isEqualTo("\"relu\"");
        for (Activation a : Activation.values()) {
            String json = mapper.writeValueAsString(a);
            assertThat(json).isEqualTo("\"" + a + "\"").matches("\"[a-z]+(-[a-z]+)*\"");
            assertThat(mapper.readValue(json, Activation.class)).isSameAs(a);
        }
        assertThat(mapper.readValue("\"softplus\"", Activation.class)).isSameAs(Activation.SOFTPLUS);
    }

    @Test
    void unknownOrJavaStyleNamesAreRejected() {
        assertThatThrownBy(() -> mapper.readValue("\"swish\"", Activation.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readValue("\"LEAKY_RELU\"", Activation.class)).isInstanceOf(JsonProcessingException.class);
    }
}
