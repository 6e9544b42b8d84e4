package org.vaelab.engine.compiled;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/** Test graphs' gradient functions. */
final class GradientGraphs {

    private GradientGraphs() {}

    /** Creates {@code sd}'s gradient function ("grad"), without SameDiff's line per op on standard output. */
    static void differentiate(SameDiff sd) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(original);
        }
    }
}
