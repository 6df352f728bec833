package dev.adjoint.autodiff.eval;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.NodeIndex;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Concat;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Pad;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Slice;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Transpose;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one fused loop ({@link Fusion}) as Java source and compiles it at run time with Janino.
 *
 * <p><b>Why generated code.</b> A loop over elements that calls each op's {@code apply} through a
 * shared interpreter has one call site for every op, which the JIT cannot inline (megamorphic): it
 * is slower than the unfused kernels. A class generated per loop has its own call site per op, each
 * seeing one receiver class, so {@code apply} is inlined and the loop runs as a hand-written one;
 * {@code +}, {@code −}, {@code ×}, {@code ÷} and negation are written as Java operators, which is
 * what those ops' {@code apply} computes. Measured on the extended Rosenbrock function (see {@code
 * bench/README.md}, "Before and after: views and fused loops").
 *
 * <p><b>Short axes and shared passes.</b> A loop whose innermost axis is at most {@link
 * #MAX_UNROLL} long and crosses a pad's edge (as {@code reshape(x, n/2, 2)}'s slices' gradients do)
 * writes that axis out, one copy of the body per index, so that every pad's guard (and every choice
 * among a concatenation's operands along that axis) is decided in the source instead of branching
 * per element. Loops with the same {@code for} loops can be written as one ({@link
 * #compileShared}), which reads the buffers they share once. In one body a recomputed value is
 * computed once per index, whichever copy or loop reads it.
 *
 * <p><b>Same results, bit for bit.</b> Each element is computed by the same operations in the same
 * order as the unfused kernels compute it (each op's {@code apply} on the same operands), a padded
 * element is 0, a concatenation's element is its operand's, copied, and a fused {@code sum} adds
 * the elements in row-major order into an accumulator that starts at 0, as the sum kernel does.
 *
 * <p><b>Cost.</b> Classes are cached by their source, which names every op's class and every shape,
 * stride and offset, so a program pays the compilation (about a millisecond once warm; the first in
 * a JVM loads Janino, a few hundred milliseconds) once per distinct loop. If compilation fails for
 * any reason the nodes run unfused ({@link #compile} returns {@code null}).
 *
 * <p>Thread-safe; the compiled kernels are stateless.
 */
final class FusedLoops {
  /** Compiled loop classes by source; bounded so that a long-running process cannot fill it. */
  private static final Map<String, Constructor<?>> CLASSES = new ConcurrentHashMap<>();

  private static final int MAX_CACHED = 4096;

  private FusedLoops() {}

  /**
   * One fused loop.
   *
   * @param root the node the loop computes (its value is the loop's output)
   * @param members the other nodes it computes, which get no buffer
   * @param leaves the nodes whose buffers it reads, in the order of the kernel's inputs; a loop
   *     that shares its pass also writes the buffers of the roots it carries, listed last
   * @param kernel the compiled loop ({@link #WRITTEN_BY_ANOTHER} for a root carried by another
   *     loop)
   */
  record Loop(int root, int[] members, int[] leaves, Kernel kernel) {}

  /**
   * A loop's source, written but not yet compiled, so that loops sharing a pass are compiled once.
   *
   * @param root the node the loop computes
   * @param members the other nodes it computes
   * @param leaves the nodes whose buffers it reads
   * @param unrolled whether the innermost axis is written out
   * @param nest the sizes of the {@code for} loops written, outermost first
   * @param source the class's source
   * @param ops the ops the class calls, for its constructor
   */
  record Written(
      int root,
      int[] members,
      int[] leaves,
      boolean unrolled,
      int[] nest,
      String source,
      Object[] ops) {}

  /**
   * The kernel of a root whose value another loop writes in its pass ({@link #compileShared}): it
   * runs before that loop and does nothing.
   */
  static final Kernel WRITTEN_BY_ANOTHER = (in, out) -> {};

  /** The longest innermost axis that is unrolled to decide pads' guards. */
  static final int MAX_UNROLL = 4;

  /**
   * The most temporaries in one generated loop body: a larger body is not unrolled or shared, so
   * that the method stays well below the size the JIT compiles (8,000 bytes of bytecode).
   */
  static final int MAX_TEMPORARIES = 256;

  /**
   * The source of the loop rooted at {@code root}, whose members are the nodes with {@code
   * loopOf[i] == root}; {@code null} if it cannot be written.
   */
  static Written write(Expr[] nodes, NodeIndex position, int[] loopOf, int[] storageOf, int root) {
    int[] roots = {root};
    Writer writer = new Writer(nodes, position, loopOf, storageOf);
    String source;
    boolean unrolled = false;
    try {
      source = writer.write(roots, new boolean[] {false});
      if (writer.unrollingDecidesAGuard) {
        Writer unrolling = new Writer(nodes, position, loopOf, storageOf);
        String written = unrolling.write(roots, new boolean[] {true});
        if (unrolling.temporaries <= MAX_TEMPORARIES) {
          writer = unrolling;
          source = written;
          unrolled = true;
        }
      }
      if (writer.splitAxis >= 0 && !writer.cuts.isEmpty()) {
        // Cut so that each part reads one operand of each concatenation: no choice per element.
        Writer cutting = new Writer(nodes, position, loopOf, storageOf);
        cutting.splitAxis = writer.splitAxis;
        cutting.cuts.addAll(writer.cuts);
        cutting.split = true;
        String written = cutting.write(roots, new boolean[] {unrolled});
        if (cutting.temporaries <= MAX_TEMPORARIES) {
          writer = cutting;
          source = written;
        }
      }
    } catch (RuntimeException e) {
      return null;
    }
    int[] leaves = writer.leaves.keySet().stream().mapToInt(Integer::intValue).toArray();
    int[] members = writer.members.stream().mapToInt(Integer::intValue).toArray();
    return new Written(root, members, leaves, unrolled, writer.nest, source, writer.ops.toArray());
  }

  /** The loop compiled; {@code null} if it cannot be. */
  static Loop compile(Written loop) {
    Kernel kernel = instantiate(loop.source(), loop.ops());
    return kernel == null ? null : new Loop(loop.root(), loop.members(), loop.leaves(), kernel);
  }

  /**
   * Loops with the same {@link Written#nest} compiled as one pass: the last loop's kernel computes
   * every root, writing the others' buffers (appended to its leaves), and each other root gets
   * {@link #WRITTEN_BY_ANOTHER}. The caller ensures that nothing reads those roots before the last
   * loop runs. Each root's elements are computed as in its own loop, so the values are the same
   * bits; a value several roots compute at the same index is computed once. {@code null} if the
   * shared loop cannot be compiled or is too large.
   */
  static List<Loop> compileShared(
      Expr[] nodes, NodeIndex position, int[] loopOf, int[] storageOf, List<Written> loops) {
    int count = loops.size();
    int[] roots = new int[count];
    boolean[] unrolled = new boolean[count];
    for (int j = 0; j < count; j++) {
      roots[j] = loops.get(j).root();
      unrolled[j] = loops.get(j).unrolled();
    }
    Writer writer = new Writer(nodes, position, loopOf, storageOf);
    String source;
    try {
      source = writer.write(roots, unrolled);
    } catch (RuntimeException e) {
      return null;
    }
    if (writer.temporaries > MAX_TEMPORARIES) {
      return null;
    }
    Kernel kernel = instantiate(source, writer.ops.toArray());
    if (kernel == null) {
      return null;
    }
    List<Loop> shared = new ArrayList<>();
    for (int j = 0; j < count - 1; j++) {
      Written carried = loops.get(j);
      shared.add(new Loop(carried.root(), carried.members(), carried.leaves(), WRITTEN_BY_ANOTHER));
    }
    int[] leaves = new int[writer.leaves.size() + count - 1];
    int k = 0;
    for (int leaf : writer.leaves.keySet()) {
      leaves[k++] = leaf;
    }
    System.arraycopy(roots, 0, leaves, k, count - 1);
    int[] members = writer.members.stream().mapToInt(Integer::intValue).toArray();
    shared.add(new Loop(roots[count - 1], members, leaves, kernel));
    return shared;
  }

  /** The source of a fused loop's kernel, or {@code null} if it is not one (or not cached). */
  static String sourceOf(Kernel kernel) {
    for (Map.Entry<String, Constructor<?>> entry : CLASSES.entrySet()) {
      if (entry.getValue().getDeclaringClass() == kernel.getClass()) {
        return entry.getKey();
      }
    }
    return null;
  }

  private static Kernel instantiate(String source, Object[] ops) {
    try {
      Constructor<?> constructor = CLASSES.get(source);
      if (constructor == null) {
        constructor =
            JavaSourceCompiler.JANINO.compile(source, "Fused")[0].getConstructor(Object[].class);
        if (CLASSES.size() < MAX_CACHED) {
          CLASSES.put(source, constructor);
        }
      }
      return (Kernel) constructor.newInstance((Object) ops);
    } catch (Exception | LinkageError e) {
      return null; // the unfused kernels compute the same values
    }
  }

  /**
   * An index map from the loop's indices {@code i₀ … i₍ᵣ₋₁₎} to a node's index: axis {@code b} of
   * the node is at {@code c[b] + Σₐ m[b][a]·iₐ}.
   */
  private record Affine(int[][] m, int[] c) {
    static Affine identity(int rank) {
      int[][] m = new int[rank][rank];
      for (int a = 0; a < rank; a++) {
        m[a][a] = 1;
      }
      return new Affine(m, new int[rank]);
    }

    int loopRank() {
      return m.length == 0 ? 0 : m[0].length;
    }

    /** This map with loop index {@code i_axis} fixed at {@code value}. */
    Affine fix(int axis, int value) {
      int[][] mm = new int[m.length][];
      int[] cc = c.clone();
      for (int b = 0; b < m.length; b++) {
        mm[b] = m[b].clone();
        cc[b] = Math.addExact(cc[b], Math.multiplyExact(mm[b][axis], value));
        mm[b][axis] = 0;
      }
      return new Affine(mm, cc);
    }

    /** The map of an operand broadcast (NumPy's rule) to a node of shape {@code out}. */
    Affine broadcast(Shape operand, Shape out, int loopRank) {
      int lead = out.rank() - operand.rank();
      int[][] mm = new int[operand.rank()][loopRank];
      int[] cc = new int[operand.rank()];
      for (int b = 0; b < operand.rank(); b++) {
        if (operand.dim(b) != 1 || out.dim(b + lead) == 1) {
          mm[b] = m[b + lead].clone();
          cc[b] = c[b + lead];
        }
      }
      return new Affine(mm, cc);
    }

    /** The map of a slice's operand, given this map of the slice. */
    Affine sliceOperand(List<Slice.Range> ranges, int loopRank) {
      int[][] mm = new int[ranges.size()][loopRank];
      int[] cc = new int[ranges.size()];
      int k = 0;
      for (int b = 0; b < ranges.size(); b++) {
        Slice.Range r = ranges.get(b);
        if (r.drop()) {
          cc[b] = r.start();
        } else {
          for (int a = 0; a < loopRank; a++) {
            mm[b][a] = r.step() * m[k][a];
          }
          cc[b] = r.start() + r.step() * c[k];
          k++;
        }
      }
      return new Affine(mm, cc);
    }

    /** The map of a permutation's operand: axis i of the result is axis perm[i] of the operand. */
    Affine permuteOperand(List<Integer> perm) {
      int[][] mm = new int[m.length][];
      int[] cc = new int[m.length];
      for (int i = 0; i < perm.size(); i++) {
        mm[perm.get(i)] = m[i];
        cc[perm.get(i)] = c[i];
      }
      return new Affine(mm, cc);
    }

    /** The map of a pad's operand (unit steps), inside the region the operand fills. */
    Affine padOperand(List<Slice.Range> ranges, int loopRank) {
      List<int[]> rows = new ArrayList<>();
      List<Integer> constants = new ArrayList<>();
      for (int b = 0; b < ranges.size(); b++) {
        Slice.Range r = ranges.get(b);
        if (!r.drop()) {
          int[] row = new int[loopRank];
          for (int a = 0; a < loopRank; a++) {
            row[a] = r.step() * m[b][a];
          }
          rows.add(row);
          constants.add(r.step() * (c[b] - r.start()));
        }
      }
      return new Affine(
          rows.toArray(new int[0][]), constants.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Java source for axis {@code b}'s index, or the flat offset for {@code strides}. */
    String linear(int[] strides) {
      long base = 0;
      long[] coefficients = new long[loopRank()];
      for (int b = 0; b < m.length; b++) {
        base += (long) strides[b] * c[b];
        for (int a = 0; a < coefficients.length; a++) {
          coefficients[a] += (long) strides[b] * m[b][a];
        }
      }
      StringBuilder s = new StringBuilder().append(Math.toIntExact(base));
      for (int a = 0; a < coefficients.length; a++) {
        if (coefficients[a] != 0) {
          s.append(" + ").append(Math.toIntExact(coefficients[a])).append(" * i").append(a);
        }
      }
      return s.toString();
    }

    boolean isConstant() {
      for (int[] row : m) {
        for (int v : row) {
          if (v != 0) {
            return false;
          }
        }
      }
      return true;
    }

    /**
     * The least and greatest index of axis {@code b} over the loop's indices {@code iₐ} from {@code
     * first[a]} to {@code last[a]}.
     */
    long[] range(int b, int[] first, int[] last) {
      long lo = c[b];
      long hi = c[b];
      for (int a = 0; a < m[b].length; a++) {
        long from = (long) m[b][a] * first[a];
        long to = (long) m[b][a] * last[a];
        lo += Math.min(from, to);
        hi += Math.max(from, to);
      }
      return new long[] {lo, hi};
    }

    int[] unit(int b) {
      int[] strides = new int[m.length];
      strides[b] = 1;
      return strides;
    }
  }

  /** Writes the source of one loop, collecting the ops it calls and the buffers it reads. */
  private static final class Writer {
    private final Expr[] nodes;
    private final NodeIndex position;
    private final int[] loopOf;
    private final int[] storageOf;
    final List<Object> ops = new ArrayList<>();
    final Map<Integer, Integer> leaves = new LinkedHashMap<>();
    final Set<Integer> members = new LinkedHashSet<>();
    private final StringBuilder fields = new StringBuilder();
    private final StringBuilder hoisted = new StringBuilder();
    private final Map<String, String> hoistedNames = new LinkedHashMap<>();
    int temporaries;

    /** Recomputed nodes' temporaries by block (a pad's block is a scope of its own), then key. */
    private final Map<StringBuilder, Map<String, String>> recomputed = new IdentityHashMap<>();

    /** The root being written. */
    private int root;

    /** The shape the root's loop runs over. */
    private Shape space;

    /** Whether the root's innermost axis is written out, one copy of the body per index. */
    private boolean unroll;

    /** The sizes of the {@code for} loops written. */
    int[] nest;

    /** The first and last value of each loop index in the body being written. */
    private int[] first;

    private int[] last;

    /**
     * Where the loop over index {@link #splitAxis} is cut into consecutive loops, so that in each
     * every concatenation reads one operand: found while writing without cuts, applied when {@code
     * split} is set.
     */
    final TreeSet<Integer> cuts = new TreeSet<>();

    int splitAxis = -1;

    /** Whether the loop over {@link #splitAxis} is cut at {@link #cuts}. */
    boolean split;

    /**
     * Whether a pad's guard tests the innermost index at run time while that axis is at most {@link
     * #MAX_UNROLL} long: unrolled, each copy of the body knows the index, so the guard is decided
     * when the source is written.
     */
    boolean unrollingDecidesAGuard;

    Writer(Expr[] nodes, NodeIndex position, int[] loopOf, int[] storageOf) {
      this.nodes = nodes;
      this.position = position;
      this.loopOf = loopOf;
      this.storageOf = storageOf;
    }

    /**
     * One class whose loop computes every root, each with its innermost axis unrolled or not: the
     * last root's value goes to {@code out}, each other's to the buffer after the leaves. The
     * roots' loops must have the same nest.
     */
    String write(int[] roots, boolean[] unrolled) {
      // One scope for every root and unrolled copy, so a value several of them read is computed
      // once; each root's elements are still stored (or added) in row-major order.
      StringBuilder starts = new StringBuilder();
      StringBuilder ends = new StringBuilder();
      List<Integer> bounds = new ArrayList<>();
      List<StringBuilder> segments = new ArrayList<>();
      if (split) {
        bounds.add(0);
        bounds.addAll(cuts);
      }
      int segmentCount = split ? bounds.size() : 1;
      for (int segment = 0; segment < segmentCount; segment++) {
        StringBuilder body = new StringBuilder();
        segments.add(body);
        writeRoots(
            roots,
            unrolled,
            body,
            segment == 0 ? starts : new StringBuilder(),
            segment == 0 ? ends : new StringBuilder(),
            split ? bounds : null,
            segment);
      }
      StringBuilder run = new StringBuilder();
      run.append("  public void run(double[][] in, double[] out) {\n");
      for (int k = 0; k < leaves.size(); k++) {
        run.append("    final double[] x").append(k).append(" = in[").append(k).append("];\n");
      }
      for (int j = 0; j < roots.length - 1; j++) {
        run.append("    final double[] y").append(j).append(" = in[").append(leaves.size() + j);
        run.append("];\n");
      }
      run.append(hoisted);
      run.append(starts);
      // Cut loops run one after another inside the loops around them: the row-major order.
      int outer = split ? splitAxis : nest.length;
      for (int a = 0; a < outer; a++) {
        openLoop(run, a, 0, nest[a]);
      }
      for (int segment = 0; segment < segmentCount; segment++) {
        for (int a = outer; a < nest.length; a++) {
          int from = a == outer ? bounds.get(segment) : 0;
          int to = a == outer && segment + 1 < bounds.size() ? bounds.get(segment + 1) : nest[a];
          openLoop(run, a, from, to);
        }
        run.append(segments.get(segment));
        run.append("    }\n".repeat(nest.length - outer));
      }
      run.append("    }\n".repeat(outer));
      run.append(ends);
      run.append("  }\n");
      return finish(run);
    }

    private static void openLoop(StringBuilder run, int a, int from, int to) {
      run.append("    for (int i").append(a).append(" = ").append(from).append("; i").append(a);
      run.append(" < ").append(to).append("; i").append(a).append("++) {\n");
    }

    /**
     * Appends to {@code body} every root's elements at the loop's indices, the indices of {@link
     * #splitAxis} limited to segment {@code segment} of {@code bounds} when it is not null.
     */
    private void writeRoots(
        int[] roots,
        boolean[] unrolled,
        StringBuilder body,
        StringBuilder starts,
        StringBuilder ends,
        List<Integer> bounds,
        int segment) {
      for (int j = 0; j < roots.length; j++) {
        root = roots[j];
        unroll = unrolled[j];
        Expr r = nodes[root];
        boolean sum = r.op() instanceof Sum;
        Expr top = sum ? r.input(0) : r;
        space = top.shape();
        int rank = space.rank();
        int[] loops = Arrays.copyOf(space.dims(), unroll ? rank - 1 : rank);
        if (nest != null && !Arrays.equals(nest, loops)) {
          throw new IllegalStateException("loops of different nests");
        }
        nest = loops;
        first = new int[rank];
        last = new int[rank];
        for (int a = 0; a < rank; a++) {
          last[a] = space.dim(a) - 1;
        }
        if (bounds != null) {
          first[splitAxis] = bounds.get(segment);
          last[splitAxis] =
              (segment + 1 < bounds.size() ? bounds.get(segment + 1) : space.dim(splitAxis)) - 1;
        }
        String output = j == roots.length - 1 ? "out" : "y" + j;
        int copies = unroll ? space.dim(rank - 1) : 1;
        if (unroll) {
          body.append("      // i").append(rank - 1).append(" unrolled: ").append(copies);
          body.append(" copies\n");
        }
        for (int v = 0; v < copies; v++) {
          Affine map = unroll ? Affine.identity(rank).fix(rank - 1, v) : Affine.identity(rank);
          String value = emit(top, map, body, false);
          body.append("      ");
          if (sum) {
            body.append("acc").append(j).append(" += ");
          } else if (unroll) {
            // The element's index written out, which the JIT's range checks understand.
            body.append(output).append('[').append(map.linear(space.strides())).append("] = ");
          } else {
            body.append(output).append("[o").append(j).append("++] = ");
          }
          body.append(value).append(";\n");
        }
        if (sum) {
          starts.append("    double acc").append(j).append(" = 0.0;\n");
        } else if (!unroll) {
          starts.append("    int o").append(j).append(" = 0;\n");
        }
        if (sum) {
          ends.append("    ").append(output).append("[0] = acc").append(j).append(";\n");
        }
      }
    }

    /** The class around the method {@code run}. */
    private String finish(StringBuilder run) {
      StringBuilder constructor = new StringBuilder();
      constructor.append("  public Fused(Object[] ops) {\n");
      for (int k = 0; k < ops.size(); k++) {
        String type = ops.get(k) instanceof ElementwiseFunction ? FUNCTION : BINARY;
        constructor.append("    f").append(k).append(" = (").append(type).append(") ops[");
        constructor.append(k).append("];\n");
      }
      constructor.append("  }\n");
      return "public final class Fused implements dev.adjoint.autodiff.kernel.Kernel {\n"
          + fields
          + constructor
          + run
          + "}\n";
    }

    private static final String FUNCTION = "dev.adjoint.autodiff.op.ElementwiseFunction";
    private static final String BINARY = "dev.adjoint.autodiff.op.ElementwiseBinary";

    private boolean isMember(Expr e) {
      int p = position.indexOf(e);
      return p == root || loopOf[p] == root || loopOf[p] == Fusion.REMAT;
    }

    /**
     * Appends to {@code body} the statements computing {@code e} at {@code map}, and returns the
     * Java expression of its value. Recursion is bounded by {@link Fusion#MAX_OPS} and the views
     * above a leaf (each view is a node the leaf is read through).
     */
    private String emit(Expr e, Affine map, StringBuilder body, boolean guarded) {
      int loopRank = map.loopRank();
      if (!isMember(e)) {
        return read(e, map, body, guarded);
      }
      int p = position.indexOf(e);
      // A recomputed node read twice in one block is computed once there (same bits either way).
      Map<String, String> computed = null;
      String key = null;
      if (loopOf[p] == Fusion.REMAT) {
        computed = recomputed.computeIfAbsent(body, b -> new HashMap<>());
        // The index of each axis as written: the same for every root of a shared loop.
        StringBuilder index = new StringBuilder().append(p);
        for (int b = 0; b < map.m().length; b++) {
          index.append(':').append(map.linear(map.unit(b)));
        }
        key = index.toString();
        String known = computed.get(key);
        if (known != null) {
          return known;
        }
      }
      if (p != root) {
        members.add(p); // once, although an unrolled loop computes it in several copies
      }
      String t = "t" + temporaries++;
      if (computed != null) {
        computed.put(key, t);
      }
      if (e.op() instanceof ElementwiseFunction f) {
        String x = emit(e.input(0), map, body, guarded);
        String value = f instanceof Neg ? "-" + x : call(f, x);
        body.append("      final double ").append(t).append(" = ").append(value).append(";\n");
      } else if (e.op() instanceof ElementwiseBinary b) {
        String x =
            emit(e.input(0), map.broadcast(e.input(0).shape(), e.shape(), loopRank), body, guarded);
        String y =
            emit(e.input(1), map.broadcast(e.input(1).shape(), e.shape(), loopRank), body, guarded);
        String value;
        if (b instanceof Add) {
          value = x + " + " + y;
        } else if (b instanceof Sub) {
          value = x + " - " + y;
        } else if (b instanceof Mul) {
          value = x + " * " + y;
        } else if (b instanceof Div) {
          value = x + " / " + y;
        } else {
          value = call(b, x + ", " + y);
        }
        body.append("      final double ").append(t).append(" = ").append(value).append(";\n");
      } else if (e.op() instanceof Pad pad) {
        StringBuilder guard = new StringBuilder();
        boolean never = false;
        List<Slice.Range> ranges = pad.ranges();
        for (int b = 0; b < ranges.size(); b++) {
          Slice.Range r = ranges.get(b);
          String index = "(" + map.linear(map.unit(b)) + ")";
          int lo = Math.min(r.start(), r.start() + (r.count() - 1) * r.step());
          int hi = Math.max(r.start(), r.start() + (r.count() - 1) * r.step());
          // A bound that every index of the loop meets is left out, so that the JIT sees a
          // condition only where the loop crosses the padded region's edge.
          long[] range = map.range(b, first, last);
          if (r.count() == 0 || range[1] < lo || range[0] > hi) {
            never = true;
          } else if (range[0] < lo || range[1] > hi) {
            if (range[0] < lo) {
              guard.append(" && ").append(index).append(" >= ").append(lo);
            }
            if (range[1] > hi) {
              guard.append(" && ").append(index).append(" <= ").append(hi);
            }
            int innermost = loopRank - 1;
            unrollingDecidesAGuard |=
                !unroll && map.m()[b][innermost] != 0 && space.dim(innermost) <= MAX_UNROLL;
          }
        }
        Affine operand = map.padOperand(ranges, loopRank);
        if (never) {
          body.append("      final double ").append(t).append(" = 0.0;\n");
        } else if (guard.length() == 0) {
          // Every index of the loop is inside the filled region: the operand, unguarded.
          String x = emit(e.input(0), operand, body, guarded);
          body.append("      final double ").append(t).append(" = ").append(x).append(";\n");
        } else {
          StringBuilder inside = new StringBuilder();
          String x = emit(e.input(0), operand, inside, true);
          body.append("      double ").append(t).append(" = 0.0;\n");
          body.append("      if (true").append(guard).append(") {\n").append(inside);
          body.append("      ").append(t).append(" = ").append(x).append(";\n      }\n");
        }
      } else if (e.op() instanceof Concat concat) {
        emitConcat(e, concat.axis(), map, body, guarded, t);
      } else {
        throw new IllegalStateException("not fusable: " + e.op());
      }
      return t;
    }

    /**
     * Appends the statements giving {@code t} the value of a concatenation at {@code map}: along
     * its axis, each operand's range is that operand at the index shifted by the range's start.
     * Only the operands whose range the loop's indices meet are written; one alone is read
     * unguarded, several are chosen among by comparing the index with the ranges' starts.
     */
    private void emitConcat(
        Expr e, int axis, Affine map, StringBuilder body, boolean guarded, String t) {
      long[] range = map.range(axis, first, last);
      String index = "(" + map.linear(map.unit(axis)) + ")";
      List<Integer> met = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      int start = 0;
      for (int k = 0; k < e.arity(); k++) {
        int end = start + e.input(k).shape().dim(axis);
        if (end > start && range[0] < end && range[1] >= start) {
          met.add(k);
          starts.add(start);
        }
        start = end;
      }
      if (met.size() == 1) {
        String x = emit(e.input(met.get(0)), shifted(map, axis, starts.get(0)), body, guarded);
        body.append("      final double ").append(t).append(" = ").append(x).append(";\n");
        return;
      }
      int innermost = map.loopRank() - 1;
      unrollingDecidesAGuard |=
          !unroll && map.m()[axis][innermost] != 0 && space.dim(innermost) <= MAX_UNROLL;
      cutAt(map.m()[axis], map.c()[axis], starts);
      body.append("      double ").append(t).append(" = 0.0;\n");
      for (int j = 0; j < met.size(); j++) {
        StringBuilder inside = new StringBuilder();
        // No read is out of range on the other branches' indices: the operand's indices are only
        // shifted along the axis, whose row the constant reads hoisted out of the loop have not.
        String x = emit(e.input(met.get(j)), shifted(map, axis, starts.get(j)), inside, guarded);
        body.append(j == 0 ? "      " : " else ");
        if (j < met.size() - 1) {
          body.append("if (").append(index).append(" < ").append(starts.get(j + 1)).append(") ");
        }
        body.append("{\n")
            .append(inside)
            .append("      ")
            .append(t)
            .append(" = ")
            .append(x)
            .append(";\n      }");
      }
      body.append('\n');
    }

    /**
     * Notes where the loop should be cut so that an index {@code c + Σₐ row[a]·iₐ} of a single loop
     * index, step ±1, stays within one of the ranges beginning at {@code starts} in each part: one
     * loop index is cut, the first one met.
     */
    private void cutAt(int[] row, int c, List<Integer> starts) {
      int a = -1;
      for (int b = 0; b < row.length; b++) {
        if (row[b] != 0) {
          if (a >= 0 || Math.abs(row[b]) != 1) {
            return;
          }
          a = b;
        }
      }
      if (a < 0 || a >= nest.length || (splitAxis >= 0 && splitAxis != a)) {
        return;
      }
      splitAxis = a;
      for (int j = 1; j < starts.size(); j++) {
        // iₐ from which the index is at least starts[j] (step 1) or below it (step −1)
        int cut = row[a] == 1 ? starts.get(j) - c : c - starts.get(j) + 1;
        if (cut > 0 && cut < nest[a]) {
          cuts.add(cut);
        }
      }
    }

    /** {@code map} with axis {@code axis}'s index less {@code start}. */
    private static Affine shifted(Affine map, int axis, int start) {
      int[] c = map.c().clone();
      c[axis] -= start;
      return new Affine(map.m(), c);
    }

    private String call(Object op, String arguments) {
      int k = ops.size();
      ops.add(op);
      String type = op instanceof ElementwiseFunction ? FUNCTION : BINARY;
      // The op's class is named in the source, so a cached class is only reused for the same ops.
      fields.append("  private final ").append(type).append(" f").append(k);
      fields.append("; // ").append(op.getClass().getName()).append('\n');
      return "f" + k + ".apply(" + arguments + ")";
    }

    /**
     * A leaf read through the views above its buffer; or, seen through slices and transposes, a
     * node the loop recomputes.
     */
    private String read(Expr e, Affine map, StringBuilder body, boolean guarded) {
      int loopRank = map.loopRank();
      int[] strides;
      while (true) {
        if (e.op() instanceof Slice s) {
          map = map.sliceOperand(s.ranges(), loopRank);
          e = e.input(0);
          if (isMember(e)) {
            return emit(e, map, body, guarded);
          }
        } else if (e.op() instanceof Transpose t) {
          map = map.permuteOperand(t.permutation());
          e = e.input(0);
          if (isMember(e)) {
            return emit(e, map, body, guarded);
          }
        } else if (e.op() instanceof BroadcastTo) {
          map = map.broadcast(e.input(0).shape(), e.shape(), loopRank);
          e = e.input(0);
        } else if (e.op() instanceof Reshape) {
          strides = e.shape().strides();
          e = nodes[storageOf[position.indexOf(e)]];
          break;
        } else {
          strides = e.shape().strides();
          break;
        }
      }
      int buffer = storageOf[position.indexOf(e)];
      Integer k = leaves.get(buffer);
      if (k == null) {
        k = leaves.size();
        leaves.put(buffer, k);
      }
      String access = "x" + k + "[" + map.linear(strides) + "]";
      if (!guarded && map.isConstant()) {
        String name = hoistedNames.get(access);
        if (name == null) {
          name = "s" + hoistedNames.size();
          hoistedNames.put(access, name);
          hoisted.append("    final double ").append(name).append(" = ").append(access);
          hoisted.append(";\n");
        }
        return name;
      }
      return access;
    }
  }
}
