package dev.adjoint.autodiff.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.ImmutableIntArray;
import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.NodeIndex;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.print.Printer;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A compiled, reusable plan that evaluates several outputs in one pass.
 *
 * <p>Compilation puts every node reachable from the outputs in one topological schedule (so loss
 * and gradients share forward values and each node is computed once), compiles each op's kernel for
 * its shapes, and assigns buffers by liveness: an intermediate buffer is reused once its last
 * reader has run, so memory is the peak live set rather than the node count.
 *
 * <p>Compilation also lowers how nodes read their operands ({@link Lowering}): a matrix product of
 * a transposed matrix ({@code G·Xᵀ}, {@code Aᵀ·B}) reads the transpose's input in place with the
 * kernel's transpose flag, and a transpose that nothing else reads is not computed.
 *
 * <p>A reshape is a view: it shares its operand's buffer and is never computed. Chains of
 * elementwise ops run as one fused loop ({@link Fusion}, {@link FusedLoops}): their intermediates
 * get no buffer, slices, transposes, broadcasts and pads between them are strided reads, and a sum
 * of every element is the loop's accumulator. Results are the same, bit for bit, as running every
 * node's own kernel. Fusion applies to loops over at least 96 elements (the system property {@code
 * adjoint.fusion.minSize}: a number, or {@code never}), since each distinct loop is compiled to a
 * class at run time: the first in a JVM loads the compiler (about 0.2 s), which a program of only
 * small tensors (the 4×8·8×16 neuron's 64-element loops) would not repay. A {@linkplain
 * #checkingFinite() finite-checking} program is not fused, so that it names the op that produced a
 * non-finite value.
 *
 * <p>What is compiled is the outputs after the stabilize rules ({@link Simplifier#stabilizer()}):
 * {@code log(σ(x))} is evaluated as {@code −softplus(−x)}, {@code log(1 + eˣ)} as {@code
 * softplus(x)}, {@code log(softmax(x))} as {@code log_softmax(x)}. They give the same value
 * wherever the written form is finite, and the true finite value where it would overflow or
 * underflow ({@code log(σ(−1000))} is −1000, not −∞). {@link #outputs()} are the expressions as
 * written.
 *
 * <p><b>Single numbers.</b> A node whose value and operands are single numbers and whose op is
 * elementwise is a scalar instruction: its value lives in the workspace's register file (one {@code
 * double[]}) and the evaluation loop computes it with the op's scalar function. Runs of consecutive
 * scalar instructions ("blocks") are interpreted from one compact table ({@code ScalarBlocks}), and
 * can also be compiled to Java bytecode at run time (Janino), which calls each op from a call site
 * of its own, so that the JIT inlines it: in the scalar chain {@code x ← sin(x)·a + b} this halves
 * the time per node. Programs of at most 12,000 instructions get straight-line code ({@code
 * ScalarSource}); larger ones code shared by repeated windows of instructions ({@code
 * ScalarWindows}), or none when their windows repeat too little. Generated code performs the same
 * operations in the same order as the interpreter, so results are the same bit for bit (a NaN's
 * sign and payload aside, which Java leaves unspecified); it runs a block only when every
 * instruction of it is to be recomputed, and a finite-checking program never uses it. The system
 * property {@code adjoint.codegen} chooses when code is generated:
 *
 * <ul>
 *   <li>{@code auto} (the default): once a program has run 8 times, in a background daemon thread;
 *       the interpreter runs until the code is ready. Why: generating and compiling straight-line
 *       code costs tens of microseconds per node (0.2–0.8 s for the scalar chain's 9,000 nodes,
 *       against milliseconds to compile the program), which one-off evaluations should not pay.
 *       Straight-line code is not generated above 12,000 instructions because its methods run once
 *       per run, so the JIT compiles them only after thousands of runs, before which they are
 *       slower than the interpreter; a window's shared code runs thousands of times per run.
 *   <li>{@code on}: when the program is compiled, on the compiling thread.
 *   <li>{@code off}: never.
 * </ul>
 *
 * If generation or compilation fails for any reason, the program keeps interpreting.
 *
 * <p>A program is immutable and safe to share between threads. Each evaluation runs in a {@link
 * Workspace} that owns the buffers: allocated once, reused on every run. {@link #run} borrows a
 * workspace from an internal pool; callers on a hot path hold their own.
 *
 * <p>Thread-safe: immutable once compiled, and {@link #run} borrows a workspace per call; a {@link
 * Workspace} is not thread-safe (use one per thread).
 */
public final class Program {
  private final ImmutableList<Expr> outputs;

  /**
   * What is evaluated: the outputs with the stabilize rules applied ({@code log(σ(x))} as {@code
   * −softplus(−x)}), which keep every finite value and give finite ones where the written form
   * overflows or underflows (see {@link Simplifier#stabilizer()}).
   */
  private final ImmutableList<Expr> evaluated;

  private final Expr[] nodes;
  private final Kernel[] kernels;
  private final ScalarInstruction[] scalarInstructions;

  /** Node i's operand slots are {@code operandSlots[operandStart[i] .. operandStart[i + 1])}. */
  private final int[] operandStart;

  private final int[] operandSlots;
  private final int[] slotOfNode;
  private final int[] slotSizes;
  private final int[] outputSlots;
  private final Map<String, Integer> variableIndex;
  private final Variable[] variables;
  private final int[] variableSlots;
  private final int[] constantSlots;
  private final Tensor[] constantValues;
  private final int[] instructionNodes;

  /**
   * The variables each instruction depends on, transitively: bit {@code v % 31} for variable {@code
   * v}, and {@link #EVERYTHING} on every instruction.
   */
  private final int[] instructionDependencies;

  /**
   * Whether each instruction is a scalar one whose register must also be copied to its buffer: an
   * output, or read by a kernel.
   */
  private final boolean[] exported;

  /**
   * By instruction: the schedule position of the last node reading its value, if only scalar
   * instructions read it and it need not outlive the run (generated code may keep it in a local),
   * else {@code -1}.
   */
  private final int[] localUntil;

  /**
   * The runs of scalar instructions, encoded for a tight loop; {@code null} in a finite-checking or
   * unlowered program, which interprets instruction by instruction (the reference).
   */
  private final ScalarBlocks scalarBlocks;

  /** Generated code for the runs of scalar instructions, once compiled (see {@link Codegen}). */
  private volatile ScalarCode scalarCode;

  /** Set once code generation has been started (or ruled out) for this program. */
  private final AtomicBoolean scalarCodeStarted = new AtomicBoolean();

  private final Codegen codegen;

  /** How many runs this program has had before code generation started (approximately). */
  private int runs;

  private static final int VARIABLE_BITS = 31;
  private static final int EVERYTHING = 1 << VARIABLE_BITS;
  private final boolean checkFinite;

  /** Whether reshapes are views, products read transposes in place, and loops are fused. */
  private final boolean lower;

  /** The fewest elements a fused loop runs over ({@link Fusion}); {@link #NEVER} for none. */
  private final int fuseMinSize;

  static final int NEVER = Integer.MAX_VALUE;

  /**
   * The fewest elements a fused loop runs over, unless the system property {@code
   * adjoint.fusion.minSize} says otherwise (a number; {@code never} turns fusion off).
   */
  static final int DEFAULT_FUSE_MIN_SIZE = 96;

  /** The fused loops' leaves by root, for {@link #reads}. */
  private final Map<Integer, List<Expr>> fusedReads = new HashMap<>();

  private final ConcurrentLinkedQueue<Workspace> pool = new ConcurrentLinkedQueue<>();

  private static final Printer FINITE_CHECK_PRINTER = Printer.unicode().withLimit(80);
  private static final Printer INPUT_PRINTER = Printer.unicode().withLimit(40);

  private Program(
      List<Expr> outputs,
      List<Expr> evaluated,
      boolean checkFinite,
      boolean lower,
      int fuseMinSize,
      Codegen codegen) {
    this.codegen = codegen;
    this.outputs = ImmutableList.copyOf(outputs);
    this.evaluated = ImmutableList.copyOf(evaluated);
    this.checkFinite = checkFinite;
    this.lower = lower;
    this.fuseMinSize = fuseMinSize;
    // The compile-time tables below are flat primitive arrays indexed by schedule position, so a
    // program of millions of nodes costs a few dozen bytes per node to compile and to keep.
    NodeIndex position = Graph.topologicalIndex(this.evaluated);
    this.nodes = position.toArray();
    int n = nodes.length;
    // Each node's operands as schedule positions, in one flat array (node i's operands are at
    // operandStart[i] until operandStart[i + 1]): one look-up per edge, done once.
    int[] operandStart = new int[n + 1];
    for (int i = 0; i < n; i++) {
      operandStart[i + 1] = Math.addExact(operandStart[i], nodes[i].arity());
    }
    // Lowering may make a node read other nodes than its inputs (a product reads Xᵀ's X).
    Lowering.Lowered[] lowered = new Lowering.Lowered[n];
    int[] operandPositions = new int[operandStart[n]];
    // A reshape is a view: its value is its operand's buffer (storageOf), and whoever reads it
    // reads that buffer; the reshape itself is never computed.
    int[] storageOf = new int[n];
    for (int i = 0; i < n; i++) {
      lowered[i] = lower ? Lowering.of(nodes[i]) : null;
      for (int k = 0; k < nodes[i].arity(); k++) {
        Expr read = lowered[i] == null ? nodes[i].input(k) : lowered[i].operands()[k];
        operandPositions[operandStart[i] + k] = storageOf[position.indexOf(read)];
      }
      storageOf[i] =
          lower && nodes[i].op() instanceof Reshape ? operandPositions[operandStart[i]] : i;
    }
    boolean[] pinned = new boolean[n];
    int[] outputPositions = new int[this.outputs.size()];
    for (int o = 0; o < outputPositions.length; o++) {
      outputPositions[o] = storageOf[position.indexOf(this.evaluated.get(o))];
      pinned[outputPositions[o]] = true;
    }
    boolean[] live = liveNodes(pinned, operandStart, operandPositions);
    if (!checkFinite && fuseMinSize != NEVER) {
      // Fused loops replace their members' instructions: rebuild the read lists with each loop's
      // root reading its leaves and the members reading nothing (so they are not live).
      List<FusedLoops.Loop> loops =
          Fusion.plan(
              nodes,
              position,
              operandStart,
              operandPositions,
              live,
              pinned,
              storageOf,
              fuseMinSize);
      if (!loops.isEmpty()) {
        int[][] replaced = new int[n][];
        for (FusedLoops.Loop loop : loops) {
          replaced[loop.root()] = loop.leaves();
          for (int m : loop.members()) {
            replaced[m] = new int[0];
          }
          List<Expr> leafNodes = new ArrayList<>();
          for (int leaf : loop.leaves()) {
            leafNodes.add(nodes[leaf]);
          }
          fusedReads.put(loop.root(), leafNodes);
          lowered[loop.root()] = new Lowering.Lowered(new Expr[0], loop.kernel(), "fused");
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
          int count =
              replaced[i] != null ? replaced[i].length : operandStart[i + 1] - operandStart[i];
          start[i + 1] = Math.addExact(start[i], count);
        }
        int[] positions = new int[start[n]];
        for (int i = 0; i < n; i++) {
          if (replaced[i] != null) {
            System.arraycopy(replaced[i], 0, positions, start[i], replaced[i].length);
          } else {
            System.arraycopy(
                operandPositions, operandStart[i], positions, start[i], start[i + 1] - start[i]);
          }
        }
        operandStart = start;
        operandPositions = positions;
        live = liveNodes(pinned, operandStart, operandPositions);
      }
    }
    this.operandStart = operandStart;
    position = null; // not needed below; let it go before the per-node tables are built

    // Which variables each node depends on, as a bit set folded into an int: variable v is bit
    // v % 31 (variables sharing a bit only cost recomputation), and bit 31, set on every computed
    // node, stands for "everything" (the first run, and a constant-only subgraph).
    int[] dependsOn = new int[n];
    int variableCount = 0;
    for (int i = 0; i < n; i++) {
      if (nodes[i] instanceof Variable) {
        dependsOn[i] = 1 << (variableCount++ % VARIABLE_BITS);
      } else if (!(nodes[i] instanceof Constant) && live[i]) { // eye(n) has no operands
        int mask = EVERYTHING;
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          mask |= dependsOn[operandPositions[j]];
        }
        dependsOn[i] = mask;
      }
    }
    // A node read by one that depends on more variables may be skipped while its reader runs, so
    // it keeps its buffer between runs: no later node may reuse it.
    boolean[] keepsBuffer = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (live[i]) {
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          int p = operandPositions[j];
          if (dependsOn[p] != dependsOn[i]) {
            keepsBuffer[p] = true;
          }
        }
      }
    }

    // Single-number nodes of elementwise ops run in the loop itself on the register file (see
    // ScalarInstruction); a register also read by a kernel, or an output, is copied to its buffer.
    this.scalarInstructions = new ScalarInstruction[n];
    boolean[] readByKernel = new boolean[n];
    // Equal instructions are one object, so a long chain of them stays in cache when it runs.
    Map<ScalarInstruction, ScalarInstruction> distinct = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (live[i] && nodes[i].arity() > 0) {
        ScalarInstruction scalar = lowered[i] == null ? ScalarInstruction.of(nodes[i]) : null;
        scalarInstructions[i] = scalar == null ? null : distinct.computeIfAbsent(scalar, s -> s);
        if (scalarInstructions[i] == null) {
          for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
            readByKernel[operandPositions[j]] = true;
          }
        }
      }
    }

    // The last instruction that reads each node; outputs and leaves are never freed.
    int[] lastUse = new int[n];
    Arrays.fill(lastUse, -1);
    for (int i = 0; i < n; i++) {
      if (live[i]) {
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          lastUse[operandPositions[j]] = i;
        }
      }
    }

    // Which values generated scalar code may keep in a local: read only by scalar instructions,
    // not an output, and not kept between runs.
    ImmutableIntArray.Builder lastLocalReaders = ImmutableIntArray.builder();

    this.slotOfNode = new int[n];
    ImmutableIntArray.Builder sizes = ImmutableIntArray.builder();
    int slotCount = 0;
    Map<Integer, IntStack> free = new HashMap<>();
    ImmutableIntArray.Builder instructions = ImmutableIntArray.builder();
    ImmutableIntArray.Builder masks = ImmutableIntArray.builder();
    List<Variable> vars = new ArrayList<>();
    ImmutableIntArray.Builder varSlots = ImmutableIntArray.builder();
    ImmutableIntArray.Builder constSlots = ImmutableIntArray.builder();
    List<Tensor> constValues = new ArrayList<>();
    // Kernels are stateless, so nodes with the same op and shapes share one (and its index maps).
    Map<KernelKey, Kernel> compiledKernels = new HashMap<>();
    this.kernels = new Kernel[n];
    for (int i = 0; i < n; i++) {
      Expr node = nodes[i];
      int size = node.shape().size();
      boolean leaf = node.arity() == 0;
      if (!leaf && !live[i]) {
        slotOfNode[i] = storageOf[i] != i ? slotOfNode[storageOf[i]] : -1;
        continue;
      }
      IntStack reusable = free.get(size);
      int slot;
      if (!leaf && !pinned[i] && !keepsBuffer[i] && reusable != null && !reusable.isEmpty()) {
        slot = reusable.pop();
      } else {
        slot = slotCount++;
        sizes.add(size);
      }
      slotOfNode[i] = slot;
      if (node instanceof Variable v) {
        vars.add(v);
        varSlots.add(slot);
      } else if (node instanceof Constant c) {
        constSlots.add(slot);
        constValues.add(c.tensor());
      } else {
        instructions.add(i);
        masks.add(dependsOn[i]);
        Kernel kernel;
        if (fusedReads.containsKey(i)) {
          kernel = lowered[i].kernel();
        } else {
          // The shapes the op reads (a reshape's buffer is read with the reshape's shape).
          Shape[] shapes = new Shape[node.arity()];
          for (int k = 0; k < shapes.length; k++) {
            shapes[k] = (lowered[i] == null ? node.input(k) : lowered[i].operands()[k]).shape();
          }
          String variant = lowered[i] == null ? "" : lowered[i].variant();
          KernelKey key = new KernelKey(node.op(), List.of(shapes), node.shape(), variant);
          kernel = compiledKernels.get(key);
          if (kernel == null) {
            kernel =
                lowered[i] == null
                    ? node.op().kernel(key.inputs(), key.output())
                    : lowered[i].kernel();
            compiledKernels.put(key, kernel);
          }
        }
        kernels[i] = kernel;
        boolean local = scalarInstructions[i] != null && !pinned[i] && !keepsBuffer[i];
        lastLocalReaders.add(local && !readByKernel[i] ? lastUse[i] : -1);
        // Free inputs read for the last time, after the output slot was taken: no aliasing. The
        // operand's position is then replaced by its slot, in place.
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          int p = operandPositions[j];
          if (lastUse[p] == i && !pinned[p] && !keepsBuffer[p] && nodes[p].arity() > 0) {
            lastUse[p] = -2; // freed once even if read twice by this node
            free.computeIfAbsent(nodes[p].shape().size(), s -> new IntStack()).push(slotOfNode[p]);
          }
        }
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          operandPositions[j] = slotOfNode[operandPositions[j]];
        }
      }
    }
    this.operandSlots = operandPositions;
    this.slotSizes = sizes.build().toArray();
    this.instructionNodes = instructions.build().toArray();
    this.instructionDependencies = masks.build().toArray();
    this.exported = new boolean[instructionNodes.length];
    for (int k = 0; k < exported.length; k++) {
      int i = instructionNodes[k];
      exported[k] = scalarInstructions[i] != null && (pinned[i] || readByKernel[i]);
    }
    this.localUntil = lastLocalReaders.build().toArray();
    this.scalarBlocks = lower && !checkFinite ? ScalarBlocks.of(scalarPlan()) : null;
    this.outputSlots = new int[outputPositions.length];
    for (int o = 0; o < outputPositions.length; o++) {
      outputSlots[o] = slotOfNode[outputPositions[o]];
    }
    this.variables = vars.toArray(new Variable[0]);
    this.variableSlots = varSlots.build().toArray();
    this.constantSlots = constSlots.build().toArray();
    this.constantValues = constValues.toArray(new Tensor[0]);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int v = 0; v < variables.length; v++) {
      Integer previous = index.put(variables[v].name(), v);
      if (previous != null) {
        throw new IllegalArgumentException(
            "variable "
                + variables[v].name()
                + " appears with two shapes: "
                + variables[previous].shape()
                + " and "
                + variables[v].shape());
      }
    }
    this.variableIndex = index;
  }

  /** Compiles a program evaluating {@code outputs} together. */
  public static Program compile(Expr... outputs) {
    checkNotNull(outputs, "outputs");
    return compile(Arrays.asList(outputs));
  }

  /** Compiles a program evaluating {@code outputs} together. */
  public static Program compile(List<? extends Expr> outputs) {
    List<Expr> written = checkedOutputs(outputs);
    return lowered(written, Simplifier.stabilizer().apply(written), Codegen.fromProperty());
  }

  /**
   * A lowered program of {@code evaluated}, fused from the size the system property names, with its
   * scalar code generated now if {@code codegen} is {@link Codegen#ON}.
   */
  private static Program lowered(List<Expr> written, List<Expr> evaluated, Codegen codegen) {
    return new Program(written, evaluated, false, true, fuseMinSizeProperty(), codegen)
        .generatedIf(Codegen.ON);
  }

  /**
   * As {@link #compile(List)}, choosing the lowering: without it ({@code lower} false) every node
   * runs its op's own kernel on its inputs' buffers, the reference that lowered programs are tested
   * against; with it, loops over at least {@code fuseMinSize} elements are fused.
   */
  static Program compile(List<? extends Expr> outputs, boolean lower, int fuseMinSize) {
    List<Expr> written = checkedOutputs(outputs);
    return new Program(
            written,
            Simplifier.stabilizer().apply(written),
            false,
            lower,
            lower ? fuseMinSize : NEVER,
            Codegen.fromProperty())
        .generatedIf(Codegen.ON);
  }

  /**
   * The system property {@code adjoint.fusion.minSize}, read at each compilation (as {@link
   * Codegen#fromProperty()} is), so that a bad value is reported by the call that uses it rather
   * than failing this class's initialisation.
   */
  static int fuseMinSizeProperty() {
    String value = System.getProperty("adjoint.fusion.minSize");
    if (value == null || value.isBlank()) {
      return DEFAULT_FUSE_MIN_SIZE;
    }
    if (value.trim().equalsIgnoreCase("never")) {
      return NEVER;
    }
    try {
      int size = Integer.parseInt(value.trim());
      if (size >= 1) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "system property adjoint.fusion.minSize is "
            + value
            + "; use a positive number of elements or never");
  }

  /** The nodes an output needs, given what each node reads; readers come after their operands. */
  private static boolean[] liveNodes(boolean[] pinned, int[] operandStart, int[] operandPositions) {
    boolean[] live = pinned.clone();
    for (int i = live.length - 1; i >= 0; i--) {
      if (live[i]) {
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          live[operandPositions[j]] = true;
        }
      }
    }
    return live;
  }

  /**
   * Compiles a program evaluating exactly the expressions as written, without the stabilize rules:
   * the plain reference that rewrites are tested against. Prefer {@link #compile}, whose values
   * agree wherever these are finite.
   */
  public static Program compileAsWritten(List<? extends Expr> outputs) {
    List<Expr> written = checkedOutputs(outputs);
    return lowered(written, written, Codegen.fromProperty());
  }

  /** A program of {@code outputs} whose code generation follows {@code codegen}; for tests. */
  static Program compile(List<? extends Expr> outputs, Codegen codegen) {
    List<Expr> written = checkedOutputs(outputs);
    return lowered(written, Simplifier.stabilizer().apply(written), codegen);
  }

  private Program generatedIf(Codegen policy) {
    if (codegen == policy && scalarCodeStarted.compareAndSet(false, true)) {
      generateScalarCode(JavaSourceCompiler.JANINO);
    }
    return this;
  }

  /**
   * Generates code for the runs of scalar instructions with {@code compiler} and uses it from the
   * next run on, or, if that fails, keeps interpreting; returns whether code is in use.
   */
  boolean generateScalarCode(JavaSourceCompiler compiler) {
    return generateScalarCode(compiler, ScalarCode.Form.of(scalarPlan()));
  }

  /** As {@link #generateScalarCode(JavaSourceCompiler)}, in the given form; for tests. */
  boolean generateScalarCode(JavaSourceCompiler compiler, ScalarCode.Form form) {
    ScalarCode code =
        scalarBlocks == null
            ? null
            : ScalarCode.generate(scalarPlan(), scalarBlocks, form, compiler);
    scalarCode = code;
    return code != null;
  }

  private ScalarPlan scalarPlan() {
    return new ScalarPlan(
        instructionNodes,
        scalarInstructions,
        operandStart,
        operandSlots,
        slotOfNode,
        exported,
        localUntil,
        instructionDependencies);
  }

  /** Whether runs use generated code for the program's runs of scalar instructions. */
  boolean hasScalarCode() {
    return scalarCode != null;
  }

  /**
   * The generated code to run, or {@code null}; under {@link Codegen#AUTO}, starts generating it in
   * the background once the program has run often enough.
   */
  private ScalarCode scalarCode() {
    ScalarCode code = scalarCode;
    // runs is updated without synchronisation: lost updates only delay generation a little.
    if (code == null && codegen == Codegen.AUTO && ++runs >= Codegen.AUTO_AFTER_RUNS) {
      if (scalarCodeStarted.compareAndSet(false, true)) {
        Codegen.inBackground(() -> generateScalarCode(JavaSourceCompiler.JANINO));
      }
    }
    return code;
  }

  private static List<Expr> checkedOutputs(List<? extends Expr> outputs) {
    checkNotNull(outputs, "outputs");
    checkArgument(!outputs.isEmpty(), "a program needs at least one output");
    for (Expr e : outputs) {
      checkNotNull(e, "output");
    }
    return List.copyOf(outputs);
  }

  /** As {@link #compileAsWritten(List)}. */
  public static Program compileAsWritten(Expr... outputs) {
    checkNotNull(outputs, "outputs");
    return compileAsWritten(Arrays.asList(outputs));
  }

  /**
   * This program, but checking every op's result: the first NaN or infinity an op produces from
   * finite inputs raises {@link NonFiniteException} naming the op, the element, the subexpression,
   * its inputs' ranges and the outputs it feeds; one propagated from a non-finite constant (a mask)
   * is reported only if it reaches an output. The unchecked program pays nothing for this.
   */
  public Program checkingFinite() {
    return checkFinite
        ? this
        : new Program(outputs, evaluated, true, lower, fuseMinSize, Codegen.OFF);
  }

  /** The outputs, in order. */
  public List<Expr> outputs() {
    return outputs;
  }

  /** The variables the outputs depend on, in schedule order. */
  public List<Variable> variables() {
    return List.of(variables);
  }

  /** The number of nodes in the schedule. */
  public int size() {
    return nodes.length;
  }

  /** The number of buffers after liveness reuse (at most the number of nodes). */
  public int bufferCount() {
    return slotSizes.length;
  }

  /** The nodes computed, in the order they run (leaves and nodes lowered away are not). */
  List<Expr> instructions() {
    List<Expr> computed = new ArrayList<>(instructionNodes.length);
    for (int i : instructionNodes) {
      computed.add(nodes[i]);
    }
    return computed;
  }

  /** Whether the {@code k}-th computed node is the root of a fused loop (for tests). */
  boolean fused(int k) {
    return fusedReads.containsKey(instructionNodes[k]);
  }

  /** The kernel of the {@code k}-th computed node (tests read a fused loop's generated source). */
  Kernel kernel(int k) {
    return kernels[instructionNodes[k]];
  }

  /** The nodes whose buffers the {@code k}-th computed node reads, after lowering. */
  List<Expr> reads(int k) {
    Expr node = nodes[instructionNodes[k]];
    List<Expr> fused = fusedReads.get(instructionNodes[k]);
    if (fused != null) {
      return fused;
    }
    Lowering.Lowered lowered = lower ? Lowering.of(node) : null;
    return lowered == null ? node.inputs() : List.of(lowered.operands());
  }

  /** A fresh workspace: buffers for one thread's evaluations. */
  public Workspace newWorkspace() {
    return new Workspace();
  }

  /**
   * Evaluates every output at {@code bindings}, in a pooled workspace; returns copies.
   *
   * @throws BindingException when a variable is unbound or bound to a value of another shape
   */
  public List<Tensor> run(Bindings bindings) {
    Workspace ws = pool.poll();
    if (ws == null) {
      ws = new Workspace();
    }
    try {
      ws.clear();
      ws.bind(bindings).execute();
      List<Tensor> results = new ArrayList<>(outputs.size());
      for (int i = 0; i < outputs.size(); i++) {
        results.add(ws.output(i));
      }
      return results;
    } finally {
      pool.offer(ws);
    }
  }

  /**
   * The buffers for evaluating a program on one thread. Bind variables ({@link #bind}, {@link
   * #set}), {@link #execute}, then read outputs ({@link #scalar}, {@link #copyOutput}, {@link
   * #output}). Values stay bound across runs, so an optimizer sets only what changes. Once warm, a
   * run allocates nothing.
   *
   * <p><b>What a run recomputes.</b> A run recomputes only the nodes that depend on a variable
   * bound since the last completed run; the rest keep their values from it: a subexpression of
   * constants alone is computed once, and one of data that is bound once ({@code X}, {@code y})
   * once per binding. Every {@code bind} or {@code set} counts as a change, even to equal values,
   * and is the only change: the workspace copies what it is given, so a caller's array or tensor
   * changed afterwards is not seen until it is bound again. Results are the same, bit for bit, as
   * computing every node. A run of a {@linkplain #checkingFinite() finite-checking} program, and
   * the first run after one that failed, compute every node.
   *
   * <p>Not thread-safe; use one per thread.
   */
  public final class Workspace {
    private final double[][] slots;

    /**
     * The register file: the value of every single-element slot {@code s} is {@code registers[s]},
     * which scalar instructions read and write; its buffer {@code slots[s]} holds the same value
     * wherever a kernel or a caller reads it (leaves, outputs, kernel operands).
     */
    private final double[] registers;

    private final boolean[] bound;

    /**
     * The dependency bits of the variables bound since the last completed run; {@code -1} (every
     * bit, {@link #EVERYTHING} included) before the first, and after a run that did not complete.
     */
    private int changed = -1;

    /** How many instructions the last run computed (the others kept their values). */
    private int computedLastRun;

    /** In a finite-checking run: the first non-finite value propagated from a constant. */
    private NonFiniteException propagated;

    /** Operand arrays by arity, reused by every instruction of that arity. */
    private final double[][][] operandsByArity;

    private Workspace() {
      slots = new double[slotSizes.length][];
      for (int s = 0; s < slots.length; s++) {
        slots[s] = new double[slotSizes[s]];
      }
      registers = new double[slotSizes.length];
      for (int c = 0; c < constantSlots.length; c++) {
        constantValues[c].copyTo(slots[constantSlots[c]], 0);
        if (slotSizes[constantSlots[c]] == 1) {
          registers[constantSlots[c]] = slots[constantSlots[c]][0];
        }
      }
      bound = new boolean[variables.length];
      int maxArity = 0;
      for (int i = 0; i < nodes.length; i++) {
        maxArity = Math.max(maxArity, operandStart[i + 1] - operandStart[i]);
      }
      operandsByArity = new double[maxArity + 1][][];
      for (int arity = 0; arity <= maxArity; arity++) {
        operandsByArity[arity] = new double[arity][];
      }
    }

    /** How many instructions the last run computed. */
    int computedLastRun() {
      return computedLastRun;
    }

    private void clear() {
      Arrays.fill(bound, false);
    }

    /**
     * Copies the values of the program's variables from {@code bindings}; names the program does
     * not use are ignored.
     *
     * @throws BindingException naming the variable and both shapes when a shape differs
     */
    public Workspace bind(Bindings bindings) {
      for (int v = 0; v < variables.length; v++) {
        Variable variable = variables[v];
        var value = bindings.get(variable.name());
        if (value.isPresent()) {
          checkShape(variable, value.get().shape());
          value.get().copyTo(slots[variableSlots[v]], 0);
          bound(v);
        }
      }
      return this;
    }

    /** Binds one variable to a tensor. */
    public Workspace set(String name, Tensor value) {
      int v = indexOf(name);
      checkShape(variables[v], value.shape());
      value.copyTo(slots[variableSlots[v]], 0);
      bound(v);
      return this;
    }

    /**
     * Binds {@code variable} to {@code src[offset .. offset + size)}, row-major: the no-allocation
     * path for optimizers that keep all parameters in one flat array.
     */
    public Workspace set(Variable variable, double[] src, int offset) {
      int v = indexOf(variable.name());
      checkShape(variables[v], variable.shape());
      int n = variable.shape().size();
      if (offset < 0 || offset > src.length - n) {
        // Not checkArgument: its four-argument form boxes the ints on every call, checked or not.
        throw new IllegalArgumentException(
            variable.name()
                + " needs "
                + n
                + " values from offset "
                + offset
                + ", but the array has "
                + src.length);
      }
      System.arraycopy(src, offset, slots[variableSlots[v]], 0, n);
      bound(v);
      return this;
    }

    /** Records that variable {@code v}'s buffer was just written. */
    private void bound(int v) {
      int slot = variableSlots[v];
      if (slotSizes[slot] == 1) {
        registers[slot] = slots[slot][0];
      }
      bound[v] = true;
      changed |= 1 << (v % VARIABLE_BITS);
    }

    private int indexOf(String name) {
      Integer v = variableIndex.get(name);
      if (v == null) {
        throw new BindingException(
            "the program has no variable "
                + name
                + "; its variables are "
                + variableIndex.keySet());
      }
      return v;
    }

    private void checkShape(Variable variable, Shape shape) {
      if (!variable.shape().equals(shape)) {
        throw new BindingException(
            "variable "
                + variable.name()
                + " has shape "
                + variable.shape()
                + " in the expression but is bound to a value of shape "
                + shape);
      }
    }

    /**
     * Runs every instruction once.
     *
     * @throws BindingException when a variable has never been bound
     */
    public Workspace execute() {
      propagated = null;
      for (int v = 0; v < variables.length; v++) {
        if (!bound[v]) {
          throw new BindingException(
              "no value for variable "
                  + variables[v].name()
                  + " of shape "
                  + variables[v].shape()
                  + "; bound: "
                  + boundNames());
        }
        if (checkFinite) {
          checkBoundValueFinite(v);
        }
      }
      // A finite-checking run computes everything, so that it sees every op's values.
      int stale = checkFinite ? -1 : changed;
      changed = -1; // until this run completes: a failed run leaves buffers half-written
      int computed = 0;
      ScalarBlocks blocks = scalarBlocks;
      ScalarCode code = blocks == null ? null : scalarCode();
      int block = 0;
      int nextBlock = blocks == null || blocks.blockCount() == 0 ? -1 : blocks.start(0);
      for (int instruction = 0; instruction < instructionNodes.length; instruction++) {
        if (instruction == nextBlock) {
          int b = block++;
          nextBlock = block < blocks.blockCount() ? blocks.start(block) : -1;
          if (blocks.allStale(b, stale)) {
            if (code != null) {
              code.run(b, registers, slots);
            } else {
              blocks.run(b, registers, slots);
            }
            computed += blocks.end(b) - instruction;
            instruction = blocks.end(b) - 1;
            continue;
          }
        }
        if ((instructionDependencies[instruction] & stale) == 0) {
          continue;
        }
        computed++;
        int i = instructionNodes[instruction];
        int first = operandStart[i];
        ScalarInstruction scalar = scalarInstructions[i];
        if (scalar != null && !checkFinite) {
          int slot = slotOfNode[i];
          double value = evaluate(scalar, first);
          registers[slot] = value;
          if (exported[instruction]) {
            slots[slot][0] = value;
          }
          continue;
        }
        double[][] in = operandsByArity[operandStart[i + 1] - first];
        for (int k = 0; k < in.length; k++) {
          in[k] = slots[operandSlots[first + k]];
        }
        double[] out = slots[slotOfNode[i]];
        kernels[i].run(in, out);
        if (out.length == 1) {
          registers[slotOfNode[i]] = out[0];
        }
        if (checkFinite) {
          checkFinite(i, in, out);
        }
      }
      if (checkFinite) {
        checkOutputsFinite();
      }
      computedLastRun = computed;
      changed = 0;
      return this;
    }

    private static boolean allFinite(double[][] operands) {
      for (double[] operand : operands) {
        for (double v : operand) {
          if (!Double.isFinite(v)) {
            return false;
          }
        }
      }
      return true;
    }

    /**
     * One scalar instruction whose operand slots start at {@code operandSlots[first]}, computed
     * exactly as the op's kernel computes it.
     */
    private double evaluate(ScalarInstruction instruction, int first) {
      double[] r = registers;
      double x = r[operandSlots[first]];
      return switch (instruction.kind()) {
        case ADD -> x + r[operandSlots[first + 1]];
        case SUB -> x - r[operandSlots[first + 1]];
        case MUL -> x * r[operandSlots[first + 1]];
        case DIV -> x / r[operandSlots[first + 1]];
        case NEG -> -x;
        case UNARY -> instruction.unary().apply(x);
        case BINARY -> instruction.binary().apply(x, r[operandSlots[first + 1]]);
      };
    }

    private List<String> boundNames() {
      List<String> names = new ArrayList<>();
      for (int v = 0; v < variables.length; v++) {
        if (bound[v]) {
          names.add(variables[v].name());
        }
      }
      return names;
    }

    private void checkBoundValueFinite(int v) {
      double[] value = slots[variableSlots[v]];
      for (int j = 0; j < value.length; j++) {
        if (!Double.isFinite(value[j])) {
          throw new NonFiniteException(
              "variable "
                  + variables[v].name()
                  + " is bound to "
                  + value[j]
                  + " at "
                  + Arrays.toString(variables[v].shape().index(j)),
              variables[v]);
        }
      }
    }

    /**
     * Throws at the first non-finite value an op produces from finite operands. A value that merely
     * propagates from a non-finite constant (an infinite mask) is remembered, and blamed only if a
     * non-finite value reaches an output ({@link #checkOutputsFinite}).
     */
    private void checkFinite(int node, double[][] in, double[] out) {
      for (int j = 0; j < out.length; j++) {
        if (!Double.isFinite(out[j])) {
          boolean produced = allFinite(in);
          NonFiniteException e = nonFinite(node, j, in, out[j], produced);
          if (produced) {
            throw e;
          }
          if (propagated == null) {
            propagated = e;
          }
          return;
        }
      }
    }

    private void checkOutputsFinite() {
      if (propagated == null) {
        return;
      }
      for (int slot : outputSlots) {
        for (double v : slots[slot]) {
          if (!Double.isFinite(v)) {
            throw propagated;
          }
        }
      }
    }

    private NonFiniteException nonFinite(
        int node, int j, double[][] in, double value, boolean produced) {
      Expr e = nodes[node];
      StringBuilder what = new StringBuilder();
      what.append(e.op().name()).append(produced ? " produced " : " gave ").append(value);
      what.append(" at ").append(Arrays.toString(e.shape().index(j)));
      what.append(" in ").append(FINITE_CHECK_PRINTER.print(e));
      List<Expr> inputs = e.inputs();
      for (int k = 0; k < inputs.size(); k++) {
        what.append(k == 0 ? "\n  inputs: " : "\n          ");
        what.append(INPUT_PRINTER.print(inputs.get(k))).append(' ').append(inputs.get(k).shape());
        what.append(summary(in[k]));
      }
      List<Integer> reached = new ArrayList<>();
      for (int o = 0; o < outputs.size(); o++) {
        if (Graph.topologicalOrder(List.of(evaluated.get(o))).contains(e)) {
          reached.add(o);
        }
      }
      return new NonFiniteException(
          what.toString(), e, produced, reached.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The value of output {@code i}, copied. */
    public Tensor output(int i) {
      return Tensor.of(outputs.get(i).shape(), slots[outputSlots[i]]);
    }

    /** The value of a single-element output. */
    public double scalar(int i) {
      double[] value = slots[outputSlots[i]];
      checkArgument(
          value.length == 1, "output %s has shape %s, not a scalar", i, outputs.get(i).shape());
      return value[0];
    }

    /** Copies output {@code i} into {@code dst} at {@code offset}. */
    public void copyOutput(int i, double[] dst, int offset) {
      double[] value = slots[outputSlots[i]];
      System.arraycopy(value, 0, dst, offset, value.length);
    }
  }

  /** A number in at most 6 significant digits, without trailing zeros. */
  private static String brief(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      return s.replaceFirst("\\.?0+e", "e");
    }
    return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
  }

  /** Min, max and the count of non-finite values of an operand, for a non-finite report. */
  private static String summary(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int nonFinite = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      } else {
        nonFinite++;
      }
    }
    String range =
        nonFinite == values.length
            ? ": no finite value"
            : ": min " + brief(min) + ", max " + brief(max);
    return range + ", " + nonFinite + " non-finite";
  }

  /**
   * What a compiled kernel depends on: the op (compared by value), the shapes of the buffers it
   * reads and writes, and how lowering reads them ({@code ""} as written; see {@link Lowering}).
   */
  private record KernelKey(Op op, List<Shape> inputs, Shape output, String variant) {}

  /** A growable stack of ints: the free slots of one size, without boxing. */
  private static final class IntStack {
    private int[] items = new int[4];
    private int size;

    void push(int item) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = item;
    }

    int pop() {
      return items[--size];
    }

    boolean isEmpty() {
      return size == 0;
    }
  }
}
