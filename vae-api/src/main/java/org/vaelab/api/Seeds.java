package org.vaelab.api;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent, stable seeds from a run seed and a path such as {@code "data.shuffle"} or
 * {@code "encoder/fc1/w"} (the idea of Tribuo's {@code rng.split()}): every consumer of randomness
 * gets its own stream, so adding one never shifts another. Stable across JVMs and releases.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * @param seed the run seed
     * @param path what the seed is for
     * @return a seed for that purpose
     */
    public static long derive(long seed, String path) {
        long hash = 0xcbf29ce484222325L;                 // FNV-1a 64 over the path's UTF-8 bytes
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return mix(mix(seed) ^ hash);
    }

    /**
     * @param seed the run seed
     * @param path what the seed is for
     * @param index an index within that purpose, for example the epoch
     * @return a seed for that purpose and index
     */
    public static long derive(long seed, String path, long index) {
        return mix(derive(seed, path) + 0x9e3779b97f4a7c15L * (index + 1));
    }

    /** SplitMix64's finaliser: a bijective avalanche mix of 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
