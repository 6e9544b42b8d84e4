package org.vaelab.experiments.run;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Facts about the software and machine a run used, for provenance. */
public final class Environment {

    private Environment() {}

    /** @return vaelab, ND4J, Java and OS versions */
    public static Map<String, String> versions() {
        Properties p = new Properties();
        try (InputStream in = Environment.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        Map<String, String> v = new LinkedHashMap<>();
        v.put("vaelab", p.getProperty("vaelab", "unknown"));
        v.put("nd4j", p.getProperty("nd4j", "unknown"));
        v.put("nd4jBackend", Nd4j.getBackend().getClass().getSimpleName());
        v.put("java", System.getProperty("java.version"));
        v.put("javaVendor", System.getProperty("java.vendor"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        v.put("arch", System.getProperty("os.arch"));
        return v;
    }

    /** @return thread settings that can change the last bits of results */
    public static Map<String, Object> threads() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        t.put("OPENBLAS_CORETYPE", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        t.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        var env = Nd4j.getEnvironment();
        t.put("nd4jMaxThreads", env.maxThreads());
        t.put("nd4jMaxMasterThreads", env.maxMasterThreads());
        try {
            t.put("blasVendor", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
            t.put("blasMaxThreads", Nd4j.factory().blas().getMaxThreads());
        } catch (RuntimeException e) {
            t.put("blasVendor", "unknown");
        }
        t.put("nd4jNative", nativeBuild());
        t.put("blasLibraries", blasLibraries());
        return t;
    }

    /**
     * The BLAS files mapped into this process, read from {@code /proc/self/maps}: what was really loaded
     * (a BLAS chosen by a system property falls back silently when it cannot be loaded), for the record.
     *
     * @return the files' paths, or an empty list where {@code /proc} is not available
     */
    public static List<String> blasLibraries() {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(file -> file.matches(".*/lib[^/]*(blas|mkl_rt|mkl_core)[^/]*"))
                    .distinct().sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The native libraries JavaCPP loaded (ND4J's build, the BLAS), for the record: they decide speed
     * (and, for ND4J's oneDNN builds, correctness).
     *
     * @return library name to the file it was loaded from
     */
    public static Map<String, String> nativeLibraries() {
        Map<String, String> libs = new java.util.TreeMap<>();
        try {
            org.bytedeco.javacpp.Loader.getLoadedLibraries().forEach((name, file) -> {
                if (name.contains("nd4j") || name.contains("blas") || name.contains("mkl") || name.contains("dnn")) {
                    libs.put(name, String.valueOf(file));
                }
            });
        } catch (RuntimeException | LinkageError e) {
            libs.put("error", String.valueOf(e));
        }
        return libs;
    }

    /** @return the ND4J native build in use, from the jar JavaCPP extracted it from (e.g. {@code linux-x86_64-avx2}) */
    static String nativeBuild() {
        String path = nativeLibraries().entrySet().stream().filter(e -> e.getKey().contains("nd4jcpu"))
                .map(Map.Entry::getValue).findFirst().orElse("");
        var m = java.util.regex.Pattern.compile("nd4j-native-[^/]*?-(linux-[a-z0-9_]+(?:-[a-z0-9]+)*)\\.jar").matcher(path);
        return m.find() ? m.group(1) : path.isEmpty() ? "unknown" : path;
    }

    /** @return host name, processor model, cores, memory */
    public static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put("host", InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            m.put("host", "unknown");
        }
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        m.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    /**
     * The git state of vaelab's own source (found from where its classes were loaded, so it is right whatever
     * directory the command runs in), or of the working directory when vaelab does not run from a checkout.
     *
     * @return commit, branch and dirty flag; {@code available: false} when neither is a git checkout
     */
    public static Map<String, Object> sourceGit() {
        try {
            var location = Environment.class.getProtectionDomain().getCodeSource().getLocation();
            for (Path p = Path.of(location.toURI()); p != null; p = p.getParent()) {
                if (java.nio.file.Files.exists(p.resolve(".git"))) {
                    Map<String, Object> g = git(p);
                    g.put("repository", p.toString());
                    return g;
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall back to the working directory
        }
        return git(Path.of("").toAbsolutePath());
    }

    /**
     * A plugin's jar: file name, version (the manifest's Implementation-Version) and SHA-256.
     *
     * @param type a class from the plugin
     * @return the record, or an empty map when the class does not come from a jar (the class path of a build)
     */
    public static Map<String, String> jarOf(Class<?> type) {
        Map<String, String> jar = new LinkedHashMap<>();
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return jar;
            }
            Path file = Path.of(source.getLocation().toURI());
            if (!java.nio.file.Files.isRegularFile(file) || !file.toString().endsWith(".jar")) {
                return jar;
            }
            jar.put("jar", file.getFileName().toString());
            try (var j = new java.util.jar.JarFile(file.toFile())) {
                var manifest = j.getManifest();
                String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
                if (version != null) {
                    jar.put("version", version);
                }
            }
            jar.put("sha256", sha256(file));
        } catch (java.net.URISyntaxException | IOException | RuntimeException e) {
            // provenance is best effort for a jar that cannot be read
        }
        return jar;
    }

    /**
     * @param dir a folder inside a git work tree
     * @return commit, branch and dirty flag, or {@code available: false}
     */
    public static Map<String, Object> git(Path dir) {
        Map<String, Object> g = new LinkedHashMap<>();
        String commit = run(dir, "git", "rev-parse", "HEAD");
        if (commit == null) {
            g.put("available", false);
            return g;
        }
        g.put("commit", commit);
        g.put("branch", run(dir, "git", "rev-parse", "--abbrev-ref", "HEAD"));
        String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
        g.put("dirty", status == null || !status.isBlank());
        return g;
    }

    private static String run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * @param text a text
     * @return the SHA-256 of its UTF-8 bytes, lower-case hex
     */
    public static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param file a file
     * @return the SHA-256 of its bytes, lower-case hex
     * @throws java.io.IOException when it cannot be read
     */
    public static String sha256(java.nio.file.Path file) throws java.io.IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (java.io.InputStream in = new java.security.DigestInputStream(java.nio.file.Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SHA-256 over the raw contents of arrays (data type and shape included), without copying them.
     *
     * @param arrays the arrays, null entries skipped
     * @return hex digest
     */
    public static String sha256(INDArray... arrays) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (INDArray a : arrays) {
                if (a == null) {
                    md.update((byte) 0);
                    continue;
                }
                INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
                md.update((c.dataType() + java.util.Arrays.toString(c.shape())).getBytes(StandardCharsets.UTF_8));
                ByteBuffer bb = c.data().asNio().duplicate();
                bb.position(0).limit(Math.toIntExact(c.length() * c.dataType().width()));
                md.update(bb);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
