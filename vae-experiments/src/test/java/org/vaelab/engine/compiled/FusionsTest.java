package org.vaelab.engine.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.ops.VaeOps;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.engine.threads.SpinTeam;

/**
 * Fused chains ({@link Fusions}) give the same bits as the ops they replace, fire where they should, and
 * step aside where something outside the chain reads its intermediate values. (Their values against SameDiff
 * and finite differences: KernelGradientTest.)
 */
class FusionsTest {

    private static final SpinTeam TEAM = new SpinTeam(2);

    @AfterAll
    static void stop() {
        TEAM.close();
    }

    /** A decoder's last layer and the Bernoulli likelihood of binary targets: {@code mean(nll(x, x w + b))}. */
    private static SameDiff likelihoodGraph(int d) {
        return graph(d, false, DataType.FLOAT);
    }

    /**
     * @param softplus {@code mean(sum(softplus(x w + b), 1))} instead of the Bernoulli likelihood (a discretised
     *     logistic's or a learned scale's softplus)
     */
    private static SameDiff graph(int d, boolean softplus, DataType type) {
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(7);
        SDVariable x = sd.placeHolder("x", type, -1, d);
        SDVariable w = sd.var("w", Nd4j.randn(type, d, d).muli(2.0 / Math.sqrt(d)));
        SDVariable b = sd.var("b", Nd4j.randn(type, d));
        SDVariable logits = x.mmul(w).add(b);
        sd.identity("loss", (softplus ? VaeOps.softplus(sd, logits).sum(1) : VaeOps.bernoulliNll(sd, x, logits)).mean());
        sd.setLossVariables("loss");
        VaeGraph.differentiate(sd);
        return sd;
    }

    private static INDArray binary(int rows, int d) {
        Nd4j.getRandom().setSeed(rows);
        return Nd4j.rand(DataType.FLOAT, rows, d).gt(0.5).castTo(DataType.FLOAT);
    }

    private static Map<String, INDArray> run(CompiledGraph program, boolean fused, INDArray x) {
        program.useRewrites(fused);
        Map<String, INDArray> copies = new LinkedHashMap<>();
        program.run(Map.of("x", x)).forEach((k, v) -> copies.put(k, v.dup()));
        return copies;
    }

    @Test
    void theFusedLikelihoodAndItsGradientGiveTheBitsOfTheOpsTheyReplace() {
        int d = 70;
        SameDiff sd = likelihoodGraph(d);
        List<String> outputs = List.of("loss", sd.getVariable("w").getGradient().name(), sd.getVariable("b").getGradient().name());
        CompiledGraph program = CompiledGraph.compile(sd.getFunction("grad"), sd, outputs, TEAM);
        int unfusedOps = program.opCount();
        // 130 rows: 9,100 values, so both members work, in blocks of 1,024 with a part-vector at the end
        for (int rows : new int[] {3, 130}) {
            INDArray x = binary(rows, d);
            Map<String, INDArray> plain = run(program, false, x);
            assertThat(program.kernelCoverage()).doesNotContainKeys("bernoulli_nll", "bernoulli_nll_bp");
            Map<String, INDArray> fused = run(program, true, x);
            assertThat(program.kernelCoverage()).containsKeys("bernoulli_nll", "bernoulli_nll_bp");
            for (String out : outputs) {
                assertThat(fused.get(out)).as(rows + " rows: " + out).isEqualTo(plain.get(out));
            }
        }
        // 21 ops (8 forward, 13 for the gradient) became 2
        program.useRewrites(false);
        int plainOps = program.opCount();
        program.useRewrites(true);
        assertThat(plainOps - program.opCount()).isEqualTo(19);
        assertThat(unfusedOps).isEqualTo(program.opCount());
    }

    @Test
    void theFusedSoftplusAndItsGradientGiveTheBitsOfTheOpsTheyReplace() {
        int d = 70;
        SameDiff sd = graph(d, true, DataType.FLOAT);
        List<String> outputs = List.of("loss", sd.getVariable("w").getGradient().name(), sd.getVariable("b").getGradient().name());
        CompiledGraph program = CompiledGraph.compile(sd.getFunction("grad"), sd, outputs, TEAM);
        for (int rows : new int[] {3, 130}) {
            INDArray x = binary(rows, d).muli(3).subi(1.5);
            Map<String, INDArray> plain = run(program, false, x);
            Map<String, INDArray> fused = run(program, true, x);
            assertThat(program.kernelCoverage()).containsKeys("stable_softplus", "stable_softplus_bp")
                    .doesNotContainKeys("bernoulli_nll", "bernoulli_nll_bp");
            for (String out : outputs) {
                assertThat(fused.get(out)).as(rows + " rows: " + out).isEqualTo(plain.get(out));
            }
        }
        // 16 ops (6 forward, 10 for the gradient) became 2
        program.useRewrites(false);
        int plainOps = program.opCount();
        program.useRewrites(true);
        assertThat(plainOps - program.opCount()).isEqualTo(14);
    }

    @Test
    void aChainOnArraysItsKernelsDoNotCoverRunsOpByOp() {
        // double precision: the fused kernels take floats, so the program is bound again without fusing
        SameDiff sd = graph(30, false, DataType.DOUBLE);
        String wGrad = sd.getVariable("w").getGradient().name();
        CompiledGraph program = CompiledGraph.compile(sd.getFunction("grad"), sd, List.of("loss", wGrad), TEAM);
        INDArray x = binary(12, 30).castTo(DataType.DOUBLE);
        Map<String, INDArray> ours = run(program, true, x);
        assertThat(program.kernelCoverage()).isNotEmpty().doesNotContainKeys("bernoulli_nll", "bernoulli_nll_bp");
        int matched = program.opCount();                  // the chain matched: the op list was rewritten
        program.useRewrites(false);
        assertThat(matched).isLessThan(program.opCount());
        Map<String, INDArray> reference = sd.calculateGradients(Map.of("x", x), "w");
        assertThat(ours.get(wGrad).sub(reference.get("w")).norm2Number().doubleValue())
                .isLessThan(1e-9 * reference.get("w").norm2Number().doubleValue());
    }

    @Test
    void anEvaluationProgramFusesTheForwardChainAlone() {
        SameDiff sd = likelihoodGraph(40);
        CompiledGraph program = CompiledGraph.compile(sd, sd, List.of("loss"), TEAM);
        INDArray x = binary(50, 40);
        Map<String, INDArray> plain = run(program, false, x);
        Map<String, INDArray> fused = run(program, true, x);
        assertThat(program.kernelCoverage()).containsKey("bernoulli_nll").doesNotContainKey("bernoulli_nll_bp");
        assertThat(fused.get("loss")).isEqualTo(plain.get("loss"));
        // and against SameDiff's own session
        double expected = sd.output(Map.of("x", x), "loss").get("loss").getDouble(0);
        assertThat(fused.get("loss").getDouble(0)).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-4));
    }

    @Test
    void aChainWhoseIntermediateValueIsReadElsewhereRunsOpByOp() {
        SameDiff sd = likelihoodGraph(40);
        SameDiff gradients = sd.getFunction("grad");
        String inner = null;
        for (String v : gradients.variableMap().keySet()) {
            if (gradients.getVariableOutputOp(v) != null && gradients.getVariableOutputOp(v).opName().equals("log1p")) {
                inner = v;                                    // log(1 + exp(-|l|)), inside the chain
            }
        }
        assertThat(inner).isNotNull();
        List<String> outputs = new ArrayList<>(List.of("loss", sd.getVariable("w").getGradient().name(), inner));
        CompiledGraph program = CompiledGraph.compile(gradients, sd, outputs, TEAM);
        INDArray x = binary(20, 40);
        Map<String, INDArray> plain = run(program, false, x);
        Map<String, INDArray> asked = run(program, true, x);
        assertThat(program.kernelCoverage()).doesNotContainKeys("bernoulli_nll", "bernoulli_nll_bp");
        assertThat(asked).isEqualTo(plain);
    }

    /**
     * Two ReLU layers before the likelihood, {@code relu(relu(x w1 + b1) w2) w3 + b3}, the middle one a plain
     * matmul (whose gradient is one matmul_bp op); with {@code zAlsoRead}, the loss also adds the first layer's pre-activation sum, so that layer's
     * product and ReLU must stay apart.
     */
    private static SameDiff reluLayersGraph(int d, int hidden, boolean zAlsoRead) {
        return reluLayersGraph(d, hidden, zAlsoRead, DataType.FLOAT);
    }

    private static SameDiff reluLayersGraph(int d, int hidden, boolean zAlsoRead, DataType type) {
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(11);
        SDVariable x = sd.placeHolder("x", type, -1, d);
        SDVariable w1 = sd.var("w1", Nd4j.randn(type, d, hidden).muli(2.0 / Math.sqrt(d)));
        SDVariable b1 = sd.var("b1", Nd4j.randn(type, hidden).muli(0.5));
        SDVariable w2 = sd.var("w2", Nd4j.randn(type, hidden, hidden).muli(2.0 / Math.sqrt(hidden)));
        SDVariable w3 = sd.var("w3", Nd4j.randn(type, hidden, d).muli(2.0 / Math.sqrt(hidden)));
        SDVariable b3 = sd.var("b3", Nd4j.randn(type, d));
        SDVariable z1 = sd.nn().linear(x, w1, b1);
        SDVariable h2 = sd.nn().relu(sd.nn().relu(z1, 0).mmul(w2), 0);
        SDVariable loss = VaeOps.bernoulliNll(sd, x, sd.nn().linear(h2, w3, b3)).mean();
        sd.identity("loss", zAlsoRead ? loss.add(z1.mean()) : loss);
        sd.setLossVariables("loss");
        VaeGraph.differentiate(sd);
        return sd;
    }

    @Test
    void productsAndTheirReluFusedGiveTheBitsOfTheOpsTheyReplace() {
        int d = 70;
        SameDiff sd = reluLayersGraph(d, 96, false);
        List<String> outputs = new ArrayList<>(List.of("loss"));
        for (String w : List.of("w1", "b1", "w2", "w3", "b3")) {
            outputs.add(sd.getVariable(w).getGradient().name());
        }
        CompiledGraph program = CompiledGraph.compile(sd.getFunction("grad"), sd, outputs, TEAM);
        // 3 rows: products wider than tall, split by columns; 130 rows: split by rows (each member's block fused)
        for (int rows : new int[] {3, 130}) {
            INDArray x = binary(rows, d);
            Map<String, INDArray> plain = run(program, false, x);
            assertThat(program.kernelCoverage()).containsKeys("relu", "thresholdedrelu_bp").doesNotContainKey("product_relu");
            Map<String, INDArray> fused = run(program, true, x);
            // each layer's product and ReLU as one op; the second ReLU's gradient inside the product giving its
            // upstream gradient (the last layer's), the first's on its own (its upstream gradient is matmul_bp's)
            assertThat(program.kernelCoverage()).containsEntry("product_relu", 2).containsEntry("product_relu_bp", 1)
                    .containsEntry("relu_bp_on_output", 1).doesNotContainKeys("relu", "thresholdedrelu_bp");
            for (String out : outputs) {
                assertThat(fused.get(out).data().asFloat()).as(rows + " rows: " + out).containsExactly(plain.get(out).data().asFloat());
            }
        }
        // and against SameDiff's own session
        INDArray x = binary(20, d);
        Map<String, INDArray> ours = run(program, true, x);
        Map<String, INDArray> reference = sd.calculateGradients(Map.of("x", x), "w1", "w2");
        for (String w : List.of("w1", "w2")) {
            INDArray g = ours.get(sd.getVariable(w).getGradient().name());
            assertThat(g.sub(reference.get(w)).norm2Number().doubleValue()).as(w)
                    .isLessThan(1e-5 * reference.get(w).norm2Number().doubleValue());
        }
    }

    @Test
    void aProductWhoseResultIsReadBesidesItsReluStaysApart() {
        SameDiff sd = reluLayersGraph(40, 50, true);
        List<String> outputs = List.of("loss", sd.getVariable("w1").getGradient().name(), sd.getVariable("w2").getGradient().name());
        CompiledGraph program = CompiledGraph.compile(sd.getFunction("grad"), sd, outputs, TEAM);
        INDArray x = binary(30, 40);
        Map<String, INDArray> plain = run(program, false, x);
        Map<String, INDArray> fused = run(program, true, x);
        // the second layer fuses; the first one's ReLU and its gradient run as ops of their own
        assertThat(program.kernelCoverage()).containsEntry("product_relu", 1).containsEntry("relu", 1)
                .containsEntry("thresholdedrelu_bp", 1);
        for (String out : outputs) {
            assertThat(fused.get(out).data().asFloat()).as(out).containsExactly(plain.get(out).data().asFloat());
        }
    }

    @Test
    void reluLayersOnArraysTheKernelsDoNotCoverRunUnfused() {
        // double precision: the fused products take floats, so the program is bound again without fusing
        SameDiff sd = reluLayersGraph(30, 20, false, DataType.DOUBLE);
        String w1Grad = sd.getVariable("w1").getGradient().name();
        CompiledGraph program = CompiledGraph.compile(sd.getFunction("grad"), sd, List.of("loss", w1Grad), TEAM);
        INDArray x = binary(12, 30).castTo(DataType.DOUBLE);
        Map<String, INDArray> ours = run(program, true, x);
        assertThat(program.kernelCoverage()).doesNotContainKeys("product_relu", "product_relu_bp", "relu_bp_on_output");
        Map<String, INDArray> reference = sd.calculateGradients(Map.of("x", x), "w1");
        assertThat(ours.get(w1Grad).sub(reference.get("w1")).norm2Number().doubleValue())
                .isLessThan(1e-9 * reference.get("w1").norm2Number().doubleValue());
    }
}
