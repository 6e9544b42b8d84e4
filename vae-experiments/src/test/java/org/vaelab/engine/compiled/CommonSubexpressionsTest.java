package org.vaelab.engine.compiled;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.vaelab.engine.threads.SpinTeam;

/** Repeated ops pass the first one's result on ({@link CommonSubexpressions}); ops that differ in anything run. */
class CommonSubexpressionsTest {

    private static final SpinTeam TEAM = new SpinTeam(2);

    @AfterAll
    static void stop() {
        TEAM.close();
    }

    private static Map<String, INDArray> run(CompiledGraph program, boolean rewrite, Map<String, INDArray> feeds) {
        program.useRewrites(rewrite);
        Map<String, INDArray> copies = new LinkedHashMap<>();
        program.run(feeds).forEach((k, v) -> copies.put(k, v.dup()));
        return copies;
    }

    @Test
    void aTermStatedTwiceIsComputedOnceWithTheSameBits() {
        // as a VAE's evaluation graph: the likelihood for the ELBO and again as the loss term's metric
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(3);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 50);
        SDVariable w = sd.var("w", Nd4j.randn(DataType.FLOAT, 50, 50).muli(0.3));
        SDVariable logits = x.mmul(w);
        sd.identity("elbo", VaeOps.bernoulliNll(sd, x, logits).add(VaeOps.klToStandardNormal(sd, logits, logits.mul(0.1))));
        sd.identity("term", VaeOps.bernoulliNll(sd, x, logits).mean());
        sd.identity("kl", VaeOps.klToStandardNormal(sd, logits, logits.mul(0.1)).mean());
        CompiledGraph program = CompiledGraph.compile(sd, sd, List.of("elbo", "term", "kl"), TEAM);
        Map<String, INDArray> feeds = Map.of("x", Nd4j.rand(DataType.FLOAT, 40, 50).gt(0.5).castTo(DataType.FLOAT));

        Map<String, INDArray> plain = run(program, false, feeds);
        int plainOps = program.opCount();
        assertThat(program.kernelCoverage()).doesNotContainKey("bernoulli_nll");
        Map<String, INDArray> merged = run(program, true, feeds);
        assertThat(program.kernelCoverage().get("bernoulli_nll")).isEqualTo(1);     // fused, then merged
        assertThat(merged).isEqualTo(plain);
        assertThat(program.opCount()).isLessThan(plainOps);
        // and against SameDiff's own session
        double expected = sd.output(feeds, "term").get("term").getDouble(0);
        assertThat(merged.get("term").getDouble(0)).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-4));
    }

    @Test
    void opsThatDifferInAnArgumentOrAreRandomAreNotMerged() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 8);
        sd.identity("twice", x.mul(2.0));
        sd.identity("thrice", x.mul(3.0));
        sd.identity("rows", x.sum(1));
        sd.identity("columns", x.sum(0));
        sd.identity("noise1", sd.random.normal(0, 1, DataType.FLOAT, 4, 8));
        sd.identity("noise2", sd.random.normal(0, 1, DataType.FLOAT, 4, 8));
        CompiledGraph program = CompiledGraph.compile(sd, sd, List.of("twice", "thrice", "rows", "columns", "noise1", "noise2"),
                TEAM);
        Map<String, INDArray> out = run(program, true, Map.of("x", Nd4j.ones(DataType.FLOAT, 4, 8)));
        assertThat(out.get("twice").getFloat(0)).isEqualTo(2f);
        assertThat(out.get("thrice").getFloat(0)).isEqualTo(3f);
        assertThat(out.get("rows").shape()).containsExactly(4);
        assertThat(out.get("columns").shape()).containsExactly(8);
        assertThat(out.get("noise1")).isNotEqualTo(out.get("noise2"));
    }
}
