package org.vaelab.engine.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.ops.VaeOps;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.engine.threads.SpinTeam;

/**
 * Every op the engine has a kernel for, on each operand layout its kernel covers, checked three ways on
 * random inputs: the forward value and the gradient of {@code sum(op(...) * r)} (r random) from the
 * engine's kernels against SameDiff's; and that gradient against central finite differences of the
 * engine's own forward pass, in double-precision arithmetic over float values.
 */
class KernelGradientTest {

    private static final SpinTeam TEAM = new SpinTeam(2);
    /** The case whose divisor gradient SameDiff's own session computes wrongly (ND4J 1.0.0-M2.1). */
    private static final String SAMEDIFF_WRONG = "div full/scalar";

    @AfterAll
    static void stop() {
        TEAM.close();
    }

    /** A small graph: inputs by name and shape, and the op applied to them. */
    private record Case(String name, Map<String, long[]> inputs, BiFunction<SameDiff, List<SDVariable>, SDVariable> op,
            double low, double high) {
        Case(String name, Map<String, long[]> inputs, BiFunction<SameDiff, List<SDVariable>, SDVariable> op) {
            this(name, inputs, op, -2, 2);
        }
    }

    private static Map<String, long[]> shapes(Object... nameShape) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameShape.length; i += 2) {
            m.put((String) nameShape[i], (long[]) nameShape[i + 1]);
        }
        return m;
    }

    /** A square convolution with bias: kernel k, stride st, padding p; weights [k, k, in, out]. */
    private static Case conv(String name, int k, int st, int p, long[] x, long[] w) {
        Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(st).sW(st).pH(p).pW(p).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).build();
        return new Case(name, shapes("x", x, "w", w, "b", s(w[3])),
                (sd, v) -> sd.cnn.conv2d(v.get(0), v.get(1), v.get(2), config));
    }

    /** A square transposed convolution with bias: weights [k, k, out, in]. */
    private static Case deconv(String name, int k, int st, int p, long[] x, long[] w) {
        DeConv2DConfig config = DeConv2DConfig.builder().kH(k).kW(k).sH(st).sW(st).pH(p).pW(p).dH(1).dW(1)
                .isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
        return new Case(name, shapes("x", x, "w", w, "b", s(w[2])),
                (sd, v) -> sd.cnn.deconv2d(v.get(0), v.get(1), v.get(2), config));
    }

    private static long[] s(long... dims) {
        return dims;
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (String op : List.of("add", "sub", "mul", "div")) {
            BiFunction<SameDiff, List<SDVariable>, SDVariable> f = (sd, v) -> switch (op) {
                case "add" -> v.get(0).add(v.get(1));
                case "sub" -> v.get(0).sub(v.get(1));
                case "mul" -> v.get(0).mul(v.get(1));
                default -> v.get(0).div(v.get(1).add(3.0));      // keep the divisor away from 0
            };
            c.add(new Case(op + " full/full", shapes("a", s(5, 7), "b", s(5, 7)), f));
            c.add(new Case(op + " full/row", shapes("a", s(5, 7), "b", s(7)), f));
            c.add(new Case(op + " full/[1,n]", shapes("a", s(5, 7), "b", s(1, 7)), f));
            c.add(new Case(op + " full/column", shapes("a", s(5, 7), "b", s(5, 1)), f));
            c.add(new Case(op + " full/scalar", shapes("a", s(5, 7), "b", s(1, 1)), f));
            c.add(new Case(op + " scalar/scalar", shapes("a", s(3, 4), "b", s(2, 5)),      // two loss terms, say
                    (sd, v) -> f.apply(sd, List.of(v.get(0).sum(), v.get(1).sum()))));
            // any rank: codes [n, 1, d] against a mixture's components [1, K, d]; an outer broadcast; a trailing one
            c.add(new Case(op + " [4,1,6]/[1,5,6]", shapes("a", s(4, 1, 6), "b", s(1, 5, 6)), f));
            c.add(new Case(op + " [5,1]/[1,7]", shapes("a", s(5, 1), "b", s(1, 7)), f));
            c.add(new Case(op + " [3,4,5]/[4,1]", shapes("a", s(3, 4, 5), "b", s(4, 1)), f));
            // conv maps: a residual sum of two maps, and a per-channel value on [n, C, H, W]
            c.add(new Case(op + " [2,3,4,5]/[2,3,4,5]", shapes("a", s(2, 3, 4, 5), "b", s(2, 3, 4, 5)), f));
            c.add(new Case(op + " [2,3,4,5]/[1,3,1,1]", shapes("a", s(2, 3, 4, 5), "b", s(1, 3, 1, 1)), f));
        }
        c.add(new Case("relu", shapes("a", s(6, 9)), (sd, v) -> sd.nn.relu(v.get(0), 0)));
        c.add(new Case("exp", shapes("a", s(6, 9)), (sd, v) -> sd.math.exp(v.get(0))));
        c.add(new Case("log1p", shapes("a", s(6, 9)), (sd, v) -> sd.math.log1p(v.get(0)), -0.45, 0.95));
        c.add(new Case("log1p outside [-1/2, 1]", shapes("a", s(6, 9)), (sd, v) -> sd.math.log1p(v.get(0)), 1.5, 6));
        c.add(new Case("sigmoid", shapes("a", s(6, 9)), (sd, v) -> sd.nn.sigmoid(v.get(0))));
        c.add(new Case("softplus", shapes("a", s(6, 9)), (sd, v) -> sd.nn.softplus(v.get(0))));
        c.add(new Case("tanh", shapes("a", s(6, 9)), (sd, v) -> sd.math.tanh(v.get(0))));
        c.add(new Case("log", shapes("a", s(6, 9)), (sd, v) -> sd.math.log(v.get(0)), 0.5, 3));
        c.add(new Case("neg abs square", shapes("a", s(6, 9)),
                (sd, v) -> sd.math.square(sd.math.abs(sd.math.neg(v.get(0))).add(0.5))));
        c.add(new Case("scalar ops", shapes("a", s(6, 9)),
                (sd, v) -> v.get(0).mul(1.5).add(0.25).rsub(4.0).div(1.75).rdiv(9.0)));       // divisor >= 0.43
        c.add(new Case("sum along rows", shapes("a", s(6, 9)), (sd, v) -> v.get(0).sum(1)));
        c.add(new Case("sum down columns", shapes("a", s(6, 9)), (sd, v) -> v.get(0).sum(0)));
        c.add(new Case("sum of a square matrix", shapes("a", s(7, 7)), (sd, v) -> v.get(0).sum(0).add(v.get(0).sum(1))));
        c.add(new Case("mean both ways", shapes("a", s(6, 9)), (sd, v) -> v.get(0).mean(1).sum().add(v.get(0).mean(0).sum())));
        c.add(new Case("sums of a rank-3 array over its last and its first dimension", shapes("a", s(3, 4, 5)),
                (sd, v) -> v.get(0).sum(2).sum(1).add(v.get(0).sum(0).sum(1).sum(0))));
        c.add(new Case("log-sum-exp: maxima along rows, down columns and over a rank-3 array's last dimension",
                shapes("a", s(4, 6), "b", s(3, 4, 5)), (sd, v) -> v.get(0).max(1).sum().add(v.get(0).max(0).sum())
                        .add(v.get(1).max(2).sum())));
        c.add(new Case("mean of a vector", shapes("a", s(9, 6)), (sd, v) -> v.get(0).sum(1).mean(0)));
        c.add(new Case("sum of every value", shapes("a", s(4, 6)), (sd, v) -> v.get(0).sum()));
        c.add(new Case("a block of columns", shapes("a", s(5, 8)),          // as the encoders take mean and log-variance
                (sd, v) -> sd.stridedSlice(v.get(0), new long[] {0, 3}, new long[] {0, 7}, new long[] {1, 1}, 1, 1, 0, 0, 0)));
        c.add(new Case("a block of rows and columns", shapes("a", s(6, 8)),
                (sd, v) -> sd.stridedSlice(v.get(0), new long[] {1, -5}, new long[] {4, 8}, new long[] {1, 1}, 0, 0, 0, 0, 0)));
        c.add(new Case("tile, as a K-sample objective repeats examples", shapes("a", s(3, 1, 4)),
                (sd, v) -> sd.tile(v.get(0), 1, 5, 1)));
        c.add(new Case("tile along every dimension", shapes("a", s(2, 3, 2)), (sd, v) -> sd.tile(v.get(0), 2, 1, 3)));
        c.add(new Case("matmul", shapes("a", s(6, 5), "b", s(5, 40)), (sd, v) -> v.get(0).mmul(v.get(1))));
        c.add(new Case("matmul transposed", shapes("a", s(5, 33), "b", s(4, 5)),
                (sd, v) -> sd.mmul(v.get(0), v.get(1), true, true, false)));
        c.add(new Case("linear", shapes("a", s(37, 5), "w", s(5, 6), "b", s(6)),
                (sd, v) -> sd.nn.linear(v.get(0), v.get(1), v.get(2))));
        // wider than tall: products split by blocks of columns (forward, and the weight's gradient a^T g)
        c.add(new Case("matmul, more columns than rows", shapes("a", s(6, 5), "b", s(5, 83)), (sd, v) -> v.get(0).mmul(v.get(1))));
        c.add(new Case("matmul transposed, more columns than rows", shapes("a", s(5, 7), "b", s(90, 5)),
                (sd, v) -> sd.mmul(v.get(0), v.get(1), true, true, false)));
        c.add(new Case("linear, more columns than rows", shapes("a", s(3, 5), "w", s(5, 70), "b", s(70)),
                (sd, v) -> sd.nn.linear(v.get(0), v.get(1), v.get(2))));
        // a weight's gradient a^T g wider than tall but with 64 rows or more: split by rows
        c.add(new Case("linear, a tall enough weight's gradient split by rows", shapes("a", s(4, 66), "w", s(66, 90), "b", s(90)),
                (sd, v) -> sd.nn.linear(v.get(0), v.get(1), v.get(2))));
        // fused chains (Fusions): the Bernoulli likelihood and its gradient, on one member's share and on two
        c.add(new Case("bernoulli likelihood", shapes("l", s(37, 70), "x", s(37, 70)),
                (sd, v) -> VaeOps.bernoulliNllPerPixel(sd, v.get(1), v.get(0)), -6, 6));
        c.add(new Case("bernoulli likelihood on two threads", shapes("l", s(9, 1000), "x", s(9, 1000)),
                (sd, v) -> VaeOps.bernoulliNllPerPixel(sd, v.get(1), v.get(0)), -6, 6));
        c.add(new Case("stable softplus", shapes("a", s(11, 300)), (sd, v) -> VaeOps.softplus(sd, v.get(0)), -30, 30));
        c.add(conv("conv2d", 3, 2, 1, s(3, 2, 7, 7), s(3, 3, 2, 4)));
        c.add(deconv("deconv2d", 4, 2, 1, s(3, 4, 3, 3), s(4, 4, 2, 4)));
        // no padding (the gather reads the map itself), a stride that leaves the last row and column unread,
        // a rectangular map
        c.add(conv("conv2d, no padding, edge unread", 3, 2, 0, s(2, 3, 8, 6), s(3, 3, 3, 2)));
        c.add(deconv("deconv2d, stride 1, padding 2", 3, 1, 2, s(2, 3, 6, 5), s(3, 3, 2, 3)));
        return c;
    }

    @Test
    void everyKernelMatchesSameDiffAndFiniteDifferences() {
        for (Case c : cases()) {
            check(c);
        }
    }

    @Test
    void convolutionsAChunkOfExamplesAtATimeMatchTheirWholeBatchForm() {
        // a budget of one float makes every example a chunk of its own: the weights' and bias's gradients then sum
        // over three chunks
        int budget = ConvKernels.columnBudget;
        ConvKernels.columnBudget = 1;
        try {
            for (Case c : cases()) {
                if (c.name().contains("conv")) {
                    check(c);
                }
            }
        } finally {
            ConvKernels.columnBudget = budget;
        }
    }

    private static void check(Case c) {
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(c.name().hashCode());
        List<SDVariable> vars = new ArrayList<>();
        for (Map.Entry<String, long[]> e : c.inputs().entrySet()) {
            INDArray init = Nd4j.rand(DataType.FLOAT, e.getValue()).muli(c.high() - c.low()).addi(c.low());
            vars.add(sd.var(e.getKey(), init));
        }
        SDVariable out = sd.identity("out", c.op().apply(sd, vars));
        INDArray weights = Nd4j.rand(DataType.FLOAT, out.eval().shape()).subi(0.5);
        SDVariable loss = out.mul(sd.constant("r", weights)).sum();
        sd.identity("loss", loss);
        sd.setLossVariables("loss");
        VaeGraph.differentiate(sd);
        List<String> outputs = new ArrayList<>(List.of("out", "loss"));
        for (SDVariable v : vars) {
            outputs.add(v.getGradient().name());
        }
        CompiledGraph program = CompiledGraph.compile(sd.getFunction("grad"), sd, outputs, TEAM);
        Map<String, INDArray> ours = copies(program.run(Map.of()));
        assertThat(program.kernelCoverage().keySet()).as(c.name() + ": some op ran on an engine kernel")
                .anyMatch(k -> !k.endsWith("(nd4j)") && !k.startsWith("identity"));
        if (c.name().startsWith("bernoulli")) {
            assertThat(program.kernelCoverage()).as(c.name() + ": fused").containsKeys("bernoulli_nll", "bernoulli_nll_bp");
        }
        if (c.name().equals("stable softplus")) {
            assertThat(program.kernelCoverage()).as(c.name() + ": fused").containsKeys("stable_softplus", "stable_softplus_bp");
        }
        if (!c.name().matches("sigmoid|tanh|scalar ops|matmul.*")) {        // their gradient ops are ND4J's
            assertThat(program.kernelCoverage().keySet()).as(c.name() + ": every op on an engine kernel")
                    .noneMatch(k -> k.endsWith("(nd4j)") && !k.startsWith("identity"));
        }

        Map<String, INDArray> reference = sd.calculateGradients(Map.of(), c.inputs().keySet());
        INDArray expectedOut = sd.output(Map.of(), "out").get("out");
        assertThat(relative(ours.get("out"), expectedOut)).as(c.name() + ": forward").isLessThan(1e-5);
        for (SDVariable v : vars) {
            INDArray g = ours.get(v.getGradient().name());
            double error = relative(g, reference.get(v.name()));
            if (c.name().equals(SAMEDIFF_WRONG) && v.name().equals("b")) {
                // SameDiff's session gets this one wrong (-0.84 where finite differences give 0.040); the engine
                // agrees with finite differences below. When this fails, SameDiff was fixed: drop the exception.
                assertThat(error).as(c.name() + ": SameDiff's known error").isGreaterThan(0.5);
            } else {
                assertThat(error).as(c.name() + ": gradient of " + v.name()).isLessThan(1e-5);
            }
            // central differences of the engine's own forward pass, at up to 6 positions
            INDArray param = v.getArr();
            long n = param.length();
            for (long i = 0; i < n; i += Math.max(1, n / 6)) {
                double x0 = param.getDouble(i);
                double h = 1e-2 * Math.max(1, Math.abs(x0));
                param.putScalar(i, x0 + h);
                double up = program.run(Map.of()).get("loss").getDouble(0);
                param.putScalar(i, x0 - h);
                double down = program.run(Map.of()).get("loss").getDouble(0);
                param.putScalar(i, x0);
                double numeric = (up - down) / (2 * h);

                double analytic = g.getDouble(i);
                assertThat(Math.abs(numeric - analytic)).as(c.name() + ": d loss / d " + v.name() + "[" + i + "]")
                        .isLessThan(2e-2 * Math.max(1, Math.abs(analytic)));
            }
        }
    }

    private static Map<String, INDArray> copies(Map<String, INDArray> m) {
        Map<String, INDArray> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }

    private static double relative(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
                / Math.max(b.amaxNumber().doubleValue(), 1e-6);
    }
}
