package org.vaelab.engine.dense;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A native float buffer whose first value sits on a 64-byte (cache line, AVX-512 register) boundary.
 * {@code malloc} aligns to 16 bytes only, and where a buffer starts then varies from run to run; a BLAS
 * may take other code paths for other alignments, so aligning every product operand keeps runs
 * identical as well as fast. The memory is freed with this object (JavaCPP's deallocator of the
 * over-allocated block it keeps).
 */
final class NativeFloats extends FloatPointer {

    private static final int ALIGNMENT_BYTES = 64;

    @SuppressWarnings("unused")             // kept reachable: its deallocator frees the memory
    private final FloatPointer block;

    private NativeFloats(FloatPointer block, long size) {
        super(block);
        this.block = block;
        long skip = (-block.address()) & (ALIGNMENT_BYTES - 1);
        this.address = block.address() + skip;
        this.position = 0;
        this.limit = size;
        this.capacity = size;
    }

    /** @return a zeroed, 64-byte-aligned buffer of {@code size} floats */
    static NativeFloats allocate(long size) {
        FloatPointer block = new FloatPointer(size + ALIGNMENT_BYTES / Float.BYTES);
        block.zero();
        return new NativeFloats(block, size);
    }
}
