package org.vaelab.engine.compiled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.engine.threads.SpinTeam;

/** The program itself: what it reports for an op it cannot run, and that outputs follow new inputs. */
class CompiledGraphTest {

    @Test
    void anOpNd4jCannotRunIsReportedByTypeAndName() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.ones(DataType.FLOAT, 2, 2));
        sd.reshape("broken", x, 3, 3);                               // 4 values cannot take the shape [3, 3]
        try (SpinTeam team = new SpinTeam(1)) {
            CompiledGraph program = CompiledGraph.compile(sd, sd, List.of("broken"), team);
            assertThatThrownBy(() -> program.run(Map.of())).isInstanceOf(UnsupportedOpException.class)
                    .hasMessageContaining("op reshape").hasMessageContaining("ND4J could not run it");
        }
    }

    @Test
    void eachRunReadsTheCurrentFeedsAndParameters() {
        SameDiff sd = productPlusOne();
        try (SpinTeam team = new SpinTeam(2)) {
            CompiledGraph program = CompiledGraph.compile(sd, sd, List.of("out"), team);
            INDArray first = program.run(Map.of("in", Nd4j.ones(DataType.FLOAT, 4, 3))).get("out").dup();
            assertThat(first.getFloat(0, 0)).isEqualTo(4f);
            sd.getArrForVarName("w").assign(2);                      // the optimiser updates parameters in place
            INDArray second = program.run(Map.of("in", Nd4j.ones(DataType.FLOAT, 4, 3).muli(3))).get("out");
            assertThat(second.getFloat(3, 1)).isEqualTo(19f);
            INDArray other = program.run(Map.of("in", Nd4j.ones(DataType.FLOAT, 5, 3))).get("out");
            assertThat(other.shape()).containsExactly(5, 2);        // another batch size: another program
            assertThat(other.getFloat(4, 0)).isEqualTo(7f);
        }
    }

    @Test
    void smallProgramsOfOtherBatchSizesStayBoundAndTrimFreesTheLeastRecentlyRunFirst() {
        SameDiff sd = productPlusOne();
        try (SpinTeam team = new SpinTeam(2)) {
            CompiledGraph program = CompiledGraph.compile(sd, sd, List.of("out"), team);
            program.run(Map.of("in", Nd4j.ones(DataType.FLOAT, 4, 3)));
            long four = program.boundBytes();
            program.run(Map.of("in", Nd4j.ones(DataType.FLOAT, 6, 3)));
            long both = program.boundBytes();
            assertThat(both).as("the 4-row program is kept beside the 6-row one").isGreaterThan(four);
            INDArray again = program.run(Map.of("in", Nd4j.ones(DataType.FLOAT, 4, 3).muli(2))).get("out");
            assertThat(again.getFloat(3, 1)).isEqualTo(7f);
            assertThat(program.boundBytes()).as("run again without binding anew").isEqualTo(both);

            program.trim(both - 1);                              // the 6-row program was run least recently
            assertThat(program.boundBytes()).isEqualTo(four);
            assertThat(program.run(Map.of("in", Nd4j.ones(DataType.FLOAT, 4, 3))).get("out").getFloat(0, 0)).isEqualTo(4f);
            program.clear();
            assertThat(program.boundBytes()).isZero();
            assertThat(program.run(Map.of("in", Nd4j.ones(DataType.FLOAT, 6, 3))).get("out").getFloat(5, 0)).isEqualTo(4f);
        }
    }

    /** {@code out = in w + 1}: {@code in} a placeholder of 3 columns, {@code w} a [3, 2] parameter of ones. */
    private static SameDiff productPlusOne() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3);
        SDVariable w = sd.var("w", Nd4j.ones(DataType.FLOAT, 3, 2));
        sd.identity("out", in.mmul(w).add(1.0));
        return sd;
    }

    @Test
    void squeezeAndExpandDimsGiveTheirInputsValuesWhereverTheOutputLies() {
        // ND4J M2.1 writes these two ops' values to the start of the output's buffer; the engine's arrays are
        // views at aligned offsets, so it copies instead (found by a K-sample objective's logsumexp)
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3);
        SDVariable max = in.mul(2.0).max(true, 1);                                 // [n, 1]
        SDVariable squeezed = sd.squeeze(max, 1).add(1.0);                          // [n]
        sd.identity("out", sd.expandDims(squeezed, 1).mul(in).sum(1));              // [n]
        for (int rows = 1; rows <= 9; rows++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, rows, 3);
            INDArray expected = sd.output(Map.of("in", x), "out").get("out");
            try (SpinTeam team = new SpinTeam(1)) {
                CompiledGraph program = CompiledGraph.compile(sd, sd, List.of("out"), team);
                program.useKernels(false);
                assertThat(program.run(Map.of("in", x)).get("out")).as(rows + " rows").isEqualTo(expected);
                program.clear();
            }
        }
    }
}
