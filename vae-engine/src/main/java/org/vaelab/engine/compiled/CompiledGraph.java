package org.vaelab.engine.compiled;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.engine.threads.SpinTeam;

/**
 * A SameDiff graph compiled into a fixed program: the ops that the requested outputs need, in one
 * topological order worked out once, each with its input and output arrays bound once per batch size,
 * then executed straight through ND4J's executioner on every call.
 *
 * <p>Why: SameDiff's own session re-derives the execution order, tracks array dependencies and
 * allocates or recycles every intermediate array on every call, which costs about 0.2 ms per op; the
 * op kernels themselves take a few microseconds on a VAE's arrays. Here the per-op cost is the native
 * call alone. The ops are SameDiff's own (including the backward ops its autodiff generated), so any
 * component that builds a graph runs here with no second description.
 *
 * <p>Outputs are the program's own arrays: valid until the next {@link #run} with the same batch size.
 */
public final class CompiledGraph {

    private final SameDiff graph;
    private final SameDiff owner;
    /**
     * Ops ND4J M2.1 runs wrongly into an output array that is a view at an offset (ours are, for alignment):
     * they copy to the start of the output's buffer. Their values are their input's, so the engine copies.
     */
    private static final java.util.Set<String> OFFSET_BLIND = java.util.Set.of("squeeze", "expand_dims");
    /**
     * Ops that only give their input another shape: on a dense row-major input their output is a view of it,
     * bound once, with nothing to run (ND4J copied every value, 1 ms a step for a conv model's reshapes).
     */
    private static final java.util.Set<String> RESHAPES = java.util.Set.of("reshape", "squeeze", "expand_dims");
    /** Ops whose output depends only on their input's shape, fixed for a program's batch size: run once, when bound. */
    private static final java.util.Set<String> SHAPE_ONLY = java.util.Set.of("shape_of", "size", "rank");

    /**
     * Bound bytes of programs kept for batch sizes not being run: binding costs 30-150 ms (shapes, arrays, a first
     * run op by op), which kept small programs (an MLP's; an evaluation's is at most 32 MB) pay once per run. The
     * compiled engine also keeps its other graphs' programs up to this many bytes together.
     */
    public static final long KEPT_BYTES = 64L << 20;

    private final List<SameDiffOp> order;
    private final List<String> outputs;
    private final Set<String> placeholders;
    private final Map<Long, Program> programs = new LinkedHashMap<>();
    private final SpinTeam team;
    private boolean kernelsEnabled = true;
    private boolean rewritesEnabled = !Boolean.getBoolean("vaelab.noRewrites");
    private List<SameDiffOp> rewritten;

    private CompiledGraph(SameDiff graph, SameDiff owner, List<SameDiffOp> order, List<String> outputs,
            Set<String> placeholders, SpinTeam team) {
        this.team = team;
        this.graph = graph;
        this.owner = owner;
        this.order = order;
        this.outputs = outputs;
        this.placeholders = placeholders;
    }

    /**
     * Compiles the part of {@code graph} that {@code outputs} need.
     *
     * @param graph the graph (for gradients: the gradient function of {@code owner})
     * @param owner the graph whose variables and constants hold the parameter arrays (may be {@code graph})
     * @param outputs variable names to compute
     * @param team the threads each call runs on (shared, not closed by the program)
     * @return the program
     * @throws UnsupportedOpException when an op cannot run outside SameDiff's session (control flow)
     */
    public static CompiledGraph compile(SameDiff graph, SameDiff owner, Collection<String> outputs, SpinTeam team) {
        Map<String, SameDiffOp> ops = graph.getOps();
        Map<String, Variable> vars = graph.getVariables();
        List<SameDiffOp> order = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Set<String> placeholders = new HashSet<>();
        // depth-first over producers, iteratively (graphs can be deep): post-order is a topological order
        for (String out : outputs) {
            if (!vars.containsKey(out)) {
                throw new IllegalArgumentException("the graph has no variable '" + out + "'");
            }
            List<Object[]> stack = new ArrayList<>();
            stack.add(new Object[] {out, Boolean.FALSE});
            while (!stack.isEmpty()) {
                Object[] top = stack.remove(stack.size() - 1);
                String var = (String) top[0];
                Variable v = vars.get(var);
                if (v.getVariable().getVariableType() == VariableType.PLACEHOLDER) {
                    placeholders.add(var);
                    continue;
                }
                String opName = v.getOutputOfOp();
                if (opName == null) {
                    continue;                               // a parameter or constant
                }
                if ((Boolean) top[1]) {
                    if (visited.add(opName)) {
                        order.add(ops.get(opName));
                    }
                    continue;
                }
                if (visited.contains(opName)) {
                    continue;
                }
                stack.add(new Object[] {var, Boolean.TRUE});
                SameDiffOp op = ops.get(opName);
                checkSupported(op);
                List<String> inputs = Fusions.Dataflow.inputs(op);
                for (int i = inputs.size() - 1; i >= 0; i--) {
                    stack.add(new Object[] {inputs.get(i), Boolean.FALSE});
                }
            }
        }
        return new CompiledGraph(graph, owner, List.copyOf(order), List.copyOf(outputs), Set.copyOf(placeholders), team);
    }

    private static void checkSupported(SameDiffOp op) {
        DifferentialFunction f = op.getOp();
        if (!(f instanceof CustomOp) && !(f instanceof Op)) {
            throw new UnsupportedOpException(f.opName(), op.getName(), "it is neither a native op nor a legacy op");
        }
        String name = f.opName();
        if (name.equals("switch") || name.equals("merge") || name.equals("enter") || name.equals("exit")
                || name.equals("next_iteration") || name.equals("loop_cond") || name.equals("invoke")) {
            throw new UnsupportedOpException(name, op.getName(), "control flow runs only in SameDiff's session");
        }
    }

    /**
     * Runs every op as ND4J's own op, or lets the engine's kernels take the ones they cover (the
     * default); for checking the kernels against ND4J. Applies from the next run: programs bound so far are
     * freed, with their outputs.
     *
     * @param enabled whether kernels are used
     */
    public void useKernels(boolean enabled) {
        this.kernelsEnabled = enabled;
        clear();                                    // frees the bound programs' native memory, not only their entries
    }

    /**
     * Rewrites the program before binding it (the default, with the same values): known chains of ops become one
     * kernel each ({@link Fusions}), and an op repeating an earlier op's work passes its result through
     * ({@link CommonSubexpressions}). Off ({@code -Dvaelab.noRewrites=true} for all programs), every op runs as the
     * graph states it: for checking the rewrites against the ops they replace. Applies from the next run: programs
     * bound so far are freed, with their outputs.
     *
     * @param enabled whether programs are rewritten
     */
    public void useRewrites(boolean enabled) {
        this.rewritesEnabled = enabled;
        clear();                                    // frees the bound programs' native memory, not only their entries
    }

    /** @return the ops a program runs: the graph's, rewritten where rewrites are on (worked out once: 5-10 ms) */
    private List<SameDiffOp> programOps(boolean rewrite) {
        if (!rewrite) {
            return order;
        }
        if (rewritten == null) {
            rewritten = CommonSubexpressions.merge(Fusions.apply(order, outputs));
        }
        return rewritten;
    }

    /** @return ops of one call that the engine's kernels run, by op type, for the largest batch run so far */
    public Map<String, Integer> kernelCoverage() {
        Map<String, Integer> covered = new java.util.TreeMap<>();
        programs.values().stream().max(java.util.Comparator.comparingLong(p -> p.rows)).ifPresent(p -> {
            for (int i = 0; i < p.functions.size(); i++) {
                covered.merge(p.functions.get(i).opName() + (p.kernels.get(i) == null ? " (nd4j)" : ""), 1, Integer::sum);
            }
        });
        return covered;
    }

    /**
     * @param a an array
     * @return its values as native-order bytes from its first value, or null where they are not one dense float block
     */
    public static java.nio.ByteBuffer nativeBytes(INDArray a) {
        return NativeView.usable(a) ? NativeView.bytes(a) : null;
    }

    /** @return bytes of the arrays the programs bound so far allocated (outputs, intermediates, scratch, feeds) */
    public long boundBytes() {
        long bytes = 0;
        for (Program p : programs.values()) {
            for (INDArray a : p.owned) {
                bytes += a.length() * a.dataType().width();
            }
        }
        return bytes;
    }

    /** @return how many ops one call executes (a fused chain counting as one; identities pass their input on) */
    public int opCount() {
        return (int) programOps(kernelsEnabled && rewritesEnabled).stream().filter(op -> !(op.getOp() instanceof Identity))
                .count();
    }

    /**
     * Runs the program.
     *
     * @param feeds a value for every placeholder (copied into the program's own arrays)
     * @return the outputs by name: the program's arrays, valid until the next call with this batch size
     */
    public Map<String, INDArray> run(Map<String, INDArray> feeds) {
        long rows = -1;
        for (String p : placeholders) {
            INDArray f = feeds.get(p);
            if (f == null) {
                throw new IllegalArgumentException("no value for placeholder '" + p + "'");
            }
            rows = Math.max(rows, f.rank() == 0 ? 1 : f.size(0));
        }
        Program program = programs.remove(rows);
        if (program == null) {
            // other batch sizes' programs stay bound while small (an epoch's last, shorter batch would otherwise
            // bind twice an epoch, 50-150 ms each for an MLP); larger ones are freed first, so peak memory is one
            // program's and at most KEPT_BYTES more
            trim(KEPT_BYTES);
            try {
                program = new Program(feeds, rows, kernelsEnabled && rewritesEnabled);
            } catch (FusionUnbound e) {
                program = new Program(feeds, rows, false);      // a fused chain on arrays its kernel does not cover
            }
        } else {
            program.feed(feeds);
            program.execute();
        }
        programs.put(rows, program);                // most recently used last
        return program.results;
    }

    /**
     * Times each op over {@code repeats} calls (for {@code bench}'s report of where a step's time goes). Each
     * op runs alone, its team woken for it, so small ops show that overhead on top.
     *
     * @param feeds placeholder values
     * @param repeats calls to time
     * @return microseconds per call summed by op type, largest first
     */
    public Map<String, Double> profile(Map<String, INDArray> feeds, int repeats) {
        run(feeds);
        Program program = programs.get(feeds.values().iterator().next().size(0));
        Map<String, Double> micros = new HashMap<>();
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < program.functions.size(); i++) {
                DifferentialFunction f = program.functions.get(i);
                long t0 = System.nanoTime();
                program.execute(i);
                micros.merge(f.opName() + (program.kernels.get(i) == null ? " (nd4j)" : ""),
                        (System.nanoTime() - t0) / 1e3 / repeats, Double::sum);
            }
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        micros.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Frees the programs' own arrays now (not waiting for the garbage collector); earlier outputs die with them. */
    public void clear() {
        trim(0);
    }

    /**
     * Frees programs, least recently run first, until the rest hold at most {@code bytes} (their outputs die with them).
     *
     * @param bytes the bound bytes to keep at most
     */
    public void trim(long bytes) {
        while (!programs.isEmpty() && boundBytes() > bytes) {
            Long oldest = programs.keySet().iterator().next();
            programs.remove(oldest).release();
        }
    }

    /** A fused chain's kernel does not cover the arrays it got: the program is bound again, unfused. */
    private static final class FusionUnbound extends RuntimeException {
        FusionUnbound() {
            super(null, null, false, false);
        }
    }

    /** One batch size's bound ops. */
    private final class Program {
        final Map<String, INDArray> arrays = new HashMap<>();
        final List<DifferentialFunction> functions = new ArrayList<>();
        final List<OpContext> contexts = new ArrayList<>();
        final List<List<Kernel>> kernels = new ArrayList<>();        // per op: its phases, or null for ND4J's op
        final List<INDArray> owned = new ArrayList<>();               // arrays this program allocated (and frees)
        // memory reuse: an op's output takes the block of an array no later op reads (SameDiff's backward
        // graph gives every intermediate its own array; reusing them keeps a step's memory near PyTorch's)
        private final Map<String, String> root = new HashMap<>();      // variable -> the variable owning its block
        private final Map<String, Integer> lastUse = new HashMap<>();  // root -> index of the last op reading it
        private final Map<String, INDArray> blockOf = new HashMap<>(); // root -> its flat block, for allocated ones
        private final Map<String, java.util.ArrayDeque<INDArray>> freeBlocks = new HashMap<>();
        private int binding;                                           // index of the op being bound
        private final List<INDArray> opScratch = new ArrayList<>();    // the bound op's scratch blocks
        final Map<String, INDArray> results = new LinkedHashMap<>();
        final long rows;
        private final List<SameDiffOp> ops;                            // the graph's ops, or fewer when rewritten
        private int[] stepOp;                   // the program as steps: an ND4J op, or one phase of a kernel
        private Kernel[] stepKernel;
        private boolean[] barrierAfter;
        private final SpinTeam.Task task = this::runMember;

        /** Binds and runs every op once (shapes may depend on values computed on the way, e.g. shape_of). */
        Program(Map<String, INDArray> feeds, long rows, boolean rewrite) {
            this.rows = rows;
            this.ops = programOps(rewrite);
            for (String p : placeholders) {
                INDArray f = feeds.get(p);
                DataType type = graph.getVariable(p).dataType();
                INDArray own = f.castTo(type).dup('c');
                owned.add(own);
                arrays.put(p, own);
            }
            planLifetimes();
            for (binding = 0; binding < ops.size(); binding++) {
                SameDiffOp sdo = ops.get(binding);
                try {
                    bind(sdo);
                } catch (UnsupportedOpException | FusionUnbound e) {
                    release();
                    throw e;
                } catch (RuntimeException e) {       // ND4J could not size or run the op outside SameDiff's session
                    release();
                    throw new UnsupportedOpException(sdo.getOp().opName(), sdo.getName(), "ND4J could not run it here ("
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
                }
                releaseDead(sdo);
            }
            for (String out : outputs) {
                results.put(out, array(out));
            }
            List<Integer> ops = new ArrayList<>();
            List<Kernel> phases = new ArrayList<>();
            for (int i = 0; i < functions.size(); i++) {
                if (kernels.get(i) == null) {
                    ops.add(i);
                    phases.add(null);
                } else {
                    for (Kernel k : kernels.get(i)) {
                        ops.add(i);
                        phases.add(k);
                    }
                }
            }
            stepOp = ops.stream().mapToInt(Integer::intValue).toArray();
            stepKernel = phases.toArray(Kernel[]::new);
            // members meet after every kernel phase and before a kernel that follows an ND4J op (which member 0 runs alone)
            barrierAfter = new boolean[stepOp.length];
            for (int i = 0; i < stepOp.length; i++) {
                barrierAfter[i] = stepKernel[i] != null || i + 1 < stepOp.length && stepKernel[i + 1] != null;
            }
        }

        /** Which block each variable lives in (identity ops pass theirs through) and the last op reading each block. */
        private void planLifetimes() {
            for (int i = 0; i < ops.size(); i++) {
                SameDiffOp sdo = ops.get(i);
                List<String> ins = Fusions.Dataflow.inputs(sdo);
                for (String in : ins) {
                    lastUse.merge(rootOf(in), i, Math::max);
                }
                String type = sdo.getOp().opName();
                if (sdo.getOp() instanceof Identity || RESHAPES.contains(type) && sdo.getOutputsOfOp().size() == 1) {
                    root.put(sdo.getOutputsOfOp().get(0), rootOf(ins.get(0)));
                }
                if (SHAPE_ONLY.contains(type)) {              // computed once: its block is never handed on
                    sdo.getOutputsOfOp().forEach(o -> lastUse.put(rootOf(o), Integer.MAX_VALUE));
                }
            }
            for (String out : outputs) {
                lastUse.put(rootOf(out), Integer.MAX_VALUE);          // read by the caller after every run
            }
        }

        private String rootOf(String name) {
            return root.getOrDefault(name, name);
        }

        /** After op i is bound: the blocks it read for the last time, or wrote and nobody reads, become free. */
        private void releaseDead(SameDiffOp sdo) {
            for (INDArray block : opScratch) {
                freeBlocks.computeIfAbsent(key(block.dataType(), block.length()), k -> new java.util.ArrayDeque<>()).push(block);
            }
            opScratch.clear();
            List<String> names = new ArrayList<>(Fusions.Dataflow.inputs(sdo));
            names.addAll(sdo.getOutputsOfOp());
            for (String name : names) {
                String r = rootOf(name);
                INDArray block = blockOf.get(r);
                if (block != null && lastUse.getOrDefault(r, -1) <= binding) {
                    blockOf.remove(r);
                    freeBlocks.computeIfAbsent(key(block.dataType(), block.length()), k -> new java.util.ArrayDeque<>())
                            .push(block);
                }
            }
        }

        private String key(DataType type, long length) {
            return type + ":" + length;
        }

        /** Frees the native memory of every array this program allocated. */
        void release() {
            java.util.Set<org.nd4j.linalg.api.buffer.DataBuffer> freed = java.util.Collections.newSetFromMap(
                    new java.util.IdentityHashMap<>());
            for (INDArray a : owned) {
                // an aligned array is a view into a larger block: free the block
                org.nd4j.linalg.api.buffer.DataBuffer root = a.data().originalDataBuffer() != null
                        ? a.data().originalDataBuffer() : a.data();
                if (freed.add(root) && root.closeable()) {
                    root.close();
                }
            }
            owned.clear();
        }

        /** Copies the feeds in: a bulk copy of native memory where both are dense floats, else ND4J's assign. */
        void feed(Map<String, INDArray> feeds) {
            for (String p : placeholders) {
                INDArray to = arrays.get(p);
                INDArray from = feeds.get(p);
                if (from.length() == to.length() && NativeView.usable(from) && NativeView.usable(to)) {
                    NativeView.bytes(to).put(0, NativeView.bytes(from), 0, (int) (4 * to.length()));
                } else {
                    to.assign(from);
                }
            }
        }

        void execute() {
            team.runAll(task);
        }

        private void runMember(int member) {
            int members = team.size();
            for (int i = 0; i < stepOp.length; i++) {
                Kernel k = stepKernel[i];
                if (k != null) {
                    k.run(member, members);
                } else if (member == 0) {
                    runNative(stepOp[i]);
                }
                if (barrierAfter[i]) {
                    team.await();
                }
            }
        }

        /** Runs op i alone (while binding, and for profiling). */
        void execute(int i) {
            List<Kernel> phases = kernels.get(i);
            if (phases == null) {
                runNative(i);
                return;
            }
            for (Kernel k : phases) {
                team.runAll(member -> k.run(member, team.size()));
            }
        }

        /** A kernel's scratch buffer: only its op uses it, so once the op is bound, later ops may reuse the block. */
        private INDArray scratch(long length) {
            java.util.ArrayDeque<INDArray> free = freeBlocks.get(key(DataType.FLOAT, length));
            INDArray a = free == null || free.isEmpty() ? null : free.pop();
            if (a == null) {
                a = AlignedArrays.create(LongShapeDescriptor.fromShape(new long[] {length}, DataType.FLOAT));
                owned.add(a);
            }
            opScratch.add(a);
            return a;
        }

        private void runNative(int i) {
            runNative(contexts.get(i), functions.get(i));
        }

        private void runNative(OpContext context, DifferentialFunction f) {
            if (OFFSET_BLIND.contains(f.opName())) {
                OpContext oc = context;
                INDArray out = oc.getOutputArrays().get(0);
                out.assign(oc.getInputArrays().get(0).reshape('c', out.shape()));
                return;
            }
            if (f instanceof CustomOp c) {
                Nd4j.exec(c, context);
            } else {
                Nd4j.exec((Op) f, context);
            }
        }

        INDArray array(String name) {
            INDArray a = arrays.get(name);
            if (a != null) {
                return a;
            }
            SDVariable v = graph.getVariable(name);
            VariableType type = v.getVariableType();
            if (type == VariableType.VARIABLE || type == VariableType.CONSTANT) {
                INDArray held = owner.hasVariable(name) ? owner.getArrForVarName(name) : null;
                a = held != null ? held : graph.getArrForVarName(name);
                if (a == null) {
                    throw new IllegalStateException("no array for " + type + " '" + name + "'");
                }
                arrays.put(name, a);
                return a;
            }
            throw new IllegalStateException("variable '" + name + "' was needed before it was computed");
        }

        void bind(SameDiffOp sdo) {
            DifferentialFunction df = sdo.getOp();
            List<String> inNames = Fusions.Dataflow.inputs(sdo);
            INDArray[] args = new INDArray[inNames.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = array(inNames.get(i));
            }
            List<String> outNames = sdo.getOutputsOfOp();
            if (df instanceof Identity) {          // pass the input through, as SameDiff's session does
                arrays.put(outNames.get(0), args[0]);
                return;
            }
            if (df instanceof FusedOp fused) {
                bindFused(fused, args, outNames);
                return;
            }
            OpContext oc = Nd4j.getExecutioner().buildContext();
            boolean reshape = RESHAPES.contains(df.opName()) && outNames.size() == 1;
            if (df instanceof DynamicCustomOp custom) {
                oc.setArgs(args, custom.iArgs(), custom.dArgs(), custom.tArgs(), custom.bArgs());
                List<LongShapeDescriptor> shapes = custom.calculateOutputShape(oc);
                if (shapes == null || shapes.size() != outNames.size()) {
                    throw new UnsupportedOpException(df.opName(), sdo.getName(), "its output shapes could not be worked out");
                }
                if (reshape) {
                    INDArray view = viewOf(args[0], shapes.get(0), graph.getVariable(outNames.get(0)).dataType());
                    if (view != null) {
                        arrays.put(outNames.get(0), view);
                        return;                            // nothing to run: the output is its input's memory
                    }
                }
                for (int i = 0; i < shapes.size(); i++) {
                    // a reshape that could not be a view shares its input's lifetime plan: its own array, not pooled
                    INDArray out = reshape ? unpooled(shapes.get(i), graph.getVariable(outNames.get(i)).dataType())
                            : allocate(outNames.get(i), shapes.get(i), graph.getVariable(outNames.get(i)).dataType());
                    oc.setOutputArray(i, out);
                    arrays.put(outNames.get(i), out);
                }
            } else {
                Op op = (Op) df;
                boolean axisArg = false;
                if (op instanceof ReduceOp r && r.getOpType() != Op.Type.REDUCE3 && args.length == 2) {
                    int[] axis = args[1].toIntVector();
                    if (args[1].isEmpty()) {
                        throw new UnsupportedOpException(df.opName(), sdo.getName(), "a reduction over an empty axis list");
                    }
                    df.setDimensions(Shape.normalizeAxis(args[0].rank(), axis));
                    ((BaseReduceOp) op).setEmptyReduce(false);
                    axisArg = true;
                } else if (op instanceof ScalarOp s && args.length == 2) {
                    s.setScalar(args[1]);
                }
                if (args.length > 0) {
                    oc.setInputArray(0, args[0]);
                    if (args.length == 2 && !axisArg) {
                        oc.setInputArray(1, args[1]);
                    }
                }
                List<LongShapeDescriptor> shapes = ((org.nd4j.linalg.api.ops.BaseOp) op).calculateOutputShape(oc);
                if (shapes == null || shapes.size() != 1) {
                    throw new UnsupportedOpException(df.opName(), sdo.getName(), "its output shape could not be worked out");
                }
                INDArray out = allocate(outNames.get(0), shapes.get(0), graph.getVariable(outNames.get(0)).dataType());
                oc.setOutputArray(0, out);
                arrays.put(outNames.get(0), out);
            }
            INDArray[] outs = new INDArray[outNames.size()];
            for (int i = 0; i < outs.length; i++) {
                outs[i] = arrays.get(outNames.get(i));
            }
            if (SHAPE_ONLY.contains(df.opName())) {
                runNative(oc, df);                         // its value holds for every run at this batch size
                return;
            }
            functions.add(df);
            contexts.add(oc);
            boolean[] read = new boolean[outs.length];       // outputs some later op or the caller reads
            for (int i = 0; i < outs.length; i++) {
                read[i] = lastUse.containsKey(rootOf(outNames.get(i)));
            }
            kernels.add(kernelsEnabled ? Kernels.bind(df, args, outs, read, this::scratch, team.size()) : null);
            execute(functions.size() - 1);
        }

        /** A fused chain: its outputs (of the shape it states), its one kernel (or, where that cannot bind, a rebuild unfused). */
        private void bindFused(FusedOp fused, INDArray[] args, List<String> outNames) {
            INDArray[] outs = new INDArray[outNames.size()];
            boolean[] read = new boolean[outs.length];
            long[] shape = fused.outputShape(args);
            for (int i = 0; i < outs.length; i++) {
                outs[i] = allocate(outNames.get(i), LongShapeDescriptor.fromShape(shape, args[0].dataType()),
                        graph.getVariable(outNames.get(i)).dataType());
                arrays.put(outNames.get(i), outs[i]);
                read[i] = lastUse.containsKey(rootOf(outNames.get(i)));
            }
            Kernel k = fused.bind(args, outs, read);
            if (k == null) {
                throw new FusionUnbound();
            }
            functions.add(fused);
            contexts.add(null);
            kernels.add(List.of(k));
            execute(functions.size() - 1);
        }

        /**
         * @return {@code in} with the given shape, sharing its memory, or null where that is not possible (an
         *     input that is not one dense row-major block, another type, or a reshape ND4J would copy)
         */
        private INDArray viewOf(INDArray in, LongShapeDescriptor shape, DataType type) {
            long[] dims = shape.getShape();
            if (in.dataType() != type || shape.isEmpty() || in.isEmpty() || in.ordering() != 'c'
                    || in.length() != org.nd4j.common.util.ArrayUtil.prodLong(dims)
                    || in.length() > 1 && in.elementWiseStride() != 1) {
                return null;
            }
            INDArray view = dims.length == 0 ? in.reshape() : in.reshape('c', dims);
            return NativeView.address(view) == NativeView.address(in) ? view : null;
        }

        private INDArray unpooled(LongShapeDescriptor shape, DataType type) {
            INDArray a = Nd4j.create(shape.dataType() == type ? shape : shape.asDataType(type), false);
            owned.add(a);
            return a;
        }

        /** The array of an op's output: a free block of the same size if there is one, else a new one. */
        private INDArray allocate(String name, LongShapeDescriptor shape, DataType type) {
            long[] dims = shape.getShape();
            long length = org.nd4j.common.util.ArrayUtil.prodLong(dims);
            if (shape.isEmpty() || length == 0) {
                return Nd4j.create(shape.dataType() == type ? shape : shape.asDataType(type), true);
            }
            java.util.ArrayDeque<INDArray> free = freeBlocks.get(key(type, length));
            INDArray block = free == null || free.isEmpty() ? null : free.pop();
            if (block == null) {
                block = AlignedArrays.create(LongShapeDescriptor.fromShape(new long[] {length}, type));
                owned.add(block);
            }
            blockOf.put(rootOf(name), block);
            return dims.length == 0 ? block.reshape() : block.reshape('c', dims);
        }
    }
}
