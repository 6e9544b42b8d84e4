package org.vaelab.engine.optimizer;

/**
 * Whether the JDK's vector API is available to {@link AdamKernel}. It is an incubator module in Java 17,
 * present only where the JVM was started with {@code --add-modules jdk.incubator.vector} (the launcher and
 * the tests are; Java then prints a one-line warning that an incubator module is in use). This class
 * names no vector type, so checking the flag loads nothing that could be missing.
 */
final class VectorApi {

    /** True where {@link AdamKernel} can run. */
    static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorApi() {}
}
