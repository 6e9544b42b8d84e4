package org.vaelab.engine.compiled;

/**
 * An op of a {@link CompiledGraph} bound to its arrays and run by the engine's own code instead of
 * ND4J's: every member of the thread team runs its share, and the team meets at a barrier before the
 * next op.
 */
@FunctionalInterface
interface Kernel {

    /**
     * Runs this member's share.
     *
     * @param member 0 for the calling thread, then 1, 2, ...
     * @param members the team's size
     */
    void run(int member, int members);

    /**
     * The part {@code [from, to)} of {@code n} items that a member takes, in whole blocks of {@code grain}
     * items so members do not share cache lines; {@code [0, 0)} for members left without work.
     *
     * @return {@code {from, to}}
     */
    static int[] share(int n, int grain, int member, int members) {
        int blocks = (n + grain - 1) / grain;
        int from = (int) Math.min(n, (long) blocks * member / members * grain);
        int to = (int) Math.min(n, (long) blocks * (member + 1) / members * grain);
        return new int[] {from, to};
    }
}
