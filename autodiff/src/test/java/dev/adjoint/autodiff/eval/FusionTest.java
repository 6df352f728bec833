package dev.adjoint.autodiff.eval;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.slice;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.BuiltinOps;
import dev.adjoint.autodiff.op.Concat;
import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.LanguageFunction;
import dev.adjoint.autodiff.op.Slice;
import dev.adjoint.autodiff.print.Printer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lowered programs (reshape views, fused loops with folded slices, transposes, broadcasts, pads and
 * sums) against the same outputs compiled without lowering, where every node runs its op's own
 * kernel on its own buffer: equal bit for bit (NaNs compare equal whatever their payload, which
 * Java does not specify).
 */
class FusionTest {
  private static final Printer PRINTER = Printer.plain().withLimit(400);

  /** Every elementwise function of one operand among the built-in functions, and negation. */
  private static final List<UnaryOperator<Expr>> UNARY = new ArrayList<>();

  /** Every elementwise operator of two operands. */
  private static final List<BinaryOperator<Expr>> BINARY = new ArrayList<>();

  static {
    Variable probe = Variable.of("probe", 2);
    for (LanguageFunction f : BuiltinOps.functions()) {
      if (f.minParameters() > 0 || (f.operands() != 1 && f.operands() != 2)) {
        continue;
      }
      List<Expr> operands = f.operands() == 1 ? List.of(probe) : List.of(probe, probe.plus(1));
      Expr built;
      try {
        built = f.builder().build(operands, new int[0]);
      } catch (RuntimeException notWithoutParameters) {
        continue;
      }
      if (f.operands() == 1 && built.op() instanceof ElementwiseFunction) {
        UNARY.add(x -> f.builder().build(List.of(x), new int[0]));
      } else if (f.operands() == 2 && built.op() instanceof ElementwiseBinary) {
        BINARY.add((x, y) -> f.builder().build(List.of(x, y), new int[0]));
      }
    }
    UNARY.add(Exprs::neg);
    BINARY.addAll(
        List.of(
            Exprs::add,
            Exprs::sub,
            Exprs::mul,
            Exprs::div,
            Exprs::pow,
            Exprs::gt,
            Exprs::lt,
            Exprs::eq,
            Exprs::maximum,
            Exprs::minimum,
            Exprs::atan2,
            Exprs::hypot));
  }

  private static Stream<Long> seeds() {
    return IntStream.range(0, 60).mapToObj(i -> 1000L + i);
  }

  /**
   * A random graph over a square {@code k×k} variable, a larger matrix read through slices, a
   * vector and a column broadcast, transposes and reshapes; outputs are a few of its nodes and a
   * sum.
   */
  private static List<Expr> randomGraph(Random r, int k) {
    Variable x = Variable.of("x", k, k);
    Variable big = Variable.of("big", k + 3, 2 * k + 1);
    Variable v = Variable.of("v", k);
    Variable col = Variable.of("col", k, 1);
    List<Expr> pool = new ArrayList<>(List.of(x));
    int count = 3 + r.nextInt(10);
    for (int i = 0; i < count; i++) {
      Expr a = pool.get(r.nextInt(pool.size()));
      Expr b = pool.get(r.nextInt(pool.size()));
      Expr next =
          switch (r.nextInt(9)) {
            case 0, 1 -> UNARY.get(r.nextInt(UNARY.size())).apply(a);
            case 2, 3 -> BINARY.get(r.nextInt(BINARY.size())).apply(a, b);
            case 4 -> BINARY.get(r.nextInt(BINARY.size())).apply(a, r.nextBoolean() ? v : col);
            case 5 -> {
              int row = r.nextInt(4);
              int start = r.nextInt(2);
              yield BINARY
                  .get(r.nextInt(BINARY.size()))
                  .apply(
                      slice(
                          big, Index.range(row, row + k), Index.range(start, start + 2 * k - 1, 2)),
                      a);
            }
            case 6 -> Exprs.transpose(a).times(constant(r.nextGaussian()));
            case 7 -> reshape(reshape(a, k * k).plus(1.25), k, k);
            default ->
                Exprs.broadcastTo(slice(big, Index.at(r.nextInt(k)), Index.range(0, k)), k, k)
                    .minus(a);
          };
      pool.add(next);
    }
    List<Expr> outputs = new ArrayList<>();
    outputs.add(pool.get(pool.size() - 1));
    outputs.add(sum(pool.get(pool.size() - 1 - r.nextInt(Math.min(3, pool.size())))));
    if (r.nextBoolean()) {
      outputs.add(pool.get(r.nextInt(pool.size())));
    }
    return outputs;
  }

  private static Program.Workspace bindRandom(Program program, Random r) {
    Program.Workspace ws = program.newWorkspace();
    for (Variable v : program.variables()) {
      ws.set(v.name(), Tensor.randomNormal(v.shape(), r));
    }
    return ws;
  }

  private static void assertSame(List<Expr> outputs, int fuseMinSize, long seed) {
    Program reference = Program.compile(outputs, false, Program.NEVER);
    Program lowered = Program.compile(outputs, true, fuseMinSize);
    Program.Workspace expected = bindRandom(reference, new Random(seed)).execute();
    Program.Workspace actual = bindRandom(lowered, new Random(seed)).execute();
    assertSameOutputs(outputs, expected, actual, seed);
  }

  private static void assertSameOutputs(
      List<Expr> outputs, Program.Workspace expected, Program.Workspace actual, long seed) {
    for (int o = 0; o < outputs.size(); o++) {
      double[] e = expected.output(o).toArray();
      double[] a = actual.output(o).toArray();
      for (int j = 0; j < e.length; j++) {
        boolean same =
            Double.doubleToRawLongBits(e[j]) == Double.doubleToRawLongBits(a[j])
                || (Double.isNaN(e[j]) && Double.isNaN(a[j]));
        assertThat(same)
            .as(
                "seed %s, output %s = %s, element %s: unlowered %s, lowered %s",
                seed, o, PRINTER.print(outputs.get(o)), j, e[j], a[j])
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomGraphsGiveTheUnloweredValuesBitForBit(long seed) {
    Random r = new Random(seed);
    int k = 2 + r.nextInt(6);
    List<Expr> outputs = randomGraph(r, k);
    assertSame(outputs, 1, seed);
    assertSame(outputs, Program.DEFAULT_FUSE_MIN_SIZE, seed);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientsOfRandomGraphsGiveTheUnloweredValuesBitForBit(long seed) {
    Random r = new Random(seed);
    int k = 2 + r.nextInt(4);
    List<Expr> forward = randomGraph(r, k);
    Expr loss = forward.get(1);
    List<Expr> outputs = new ArrayList<>(List.of(loss));
    Variable x = Variable.of("x", k, k);
    Variable big = Variable.of("big", k + 3, 2 * k + 1);
    Gradients gradients = Gradients.of(loss, x, big);
    outputs.add(gradients.of(x));
    outputs.add(gradients.of(big));
    assertSame(outputs, 1, seed);
  }

  @Test
  void everyElementwiseOpIsCoveredAndFusedOnCubicAndBroadcastShapes() {
    assertThat(UNARY).hasSizeGreaterThan(20);
    assertThat(BINARY).hasSizeGreaterThan(10);
    Variable cube = Variable.of("cube", 3, 3, 3);
    Variable row = Variable.of("row", 1, 3);
    Variable vector = Variable.of("v", 3);
    for (int u = 0; u < UNARY.size(); u++) {
      for (int b = 0; b < BINARY.size(); b++) {
        Expr e =
            BINARY
                .get(b)
                .apply(
                    UNARY.get(u).apply(Exprs.permute(cube, 2, 0, 1)),
                    BINARY.get((b + u) % BINARY.size()).apply(row, vector).times(cube));
        List<Expr> outputs = List.of(e, sum(UNARY.get(u).apply(e)));
        assertSame(outputs, 1, u * 1000L + b);
        assertThat(Program.compile(outputs, true, 1).instructions()).hasSizeLessThan(4);
      }
    }
  }

  @Test
  void aCheapNodeWithSeveralFusedReadersIsRecomputedInEachLoopBitForBit() {
    Variable cube = Variable.of("cube", 4, 4, 4);
    Variable row = Variable.of("row", 1, 4);
    Variable v = Variable.of("v", 4);
    // Shared: a difference of a transposed cube and a broadcast product, read by three loops.
    Expr shared = Exprs.sub(Exprs.permute(cube, 1, 2, 0), square(Exprs.mul(row, v).times(cube)));
    List<Expr> outputs =
        List.of(
            Exprs.exp(shared).times(cube),
            sum(Exprs.mul(shared, shared)),
            Exprs.log1p(square(shared)).plus(Exprs.neg(shared)));
    assertSame(outputs, 1, 4);
    // One loop per output, and row·v (read broadcast, so stored): the shared value gets no buffer
    // and no pass of its own.
    List<Expr> instructions = Program.compile(outputs, true, 1).instructions();
    assertThat(instructions).hasSize(4).doesNotContain(shared).contains(Exprs.mul(row, v));

    // A square matrix read unpadded and through a pad of unit step, both in one loop.
    Variable m = Variable.of("m", 5, 5);
    Expr d = Exprs.sub(m, square(Exprs.transpose(m)));
    Expr padded =
        Exprs.pad(
            slice(d, Index.range(0, 4), Index.all()),
            Shape.of(5, 5),
            List.of(new Slice.Range(1, 4, 1, false), new Slice.Range(0, 5, 1, false)));
    List<Expr> both = List.of(Exprs.mul(d, padded), sum(Exprs.sin(d)));
    assertSame(both, 1, 5);
  }

  @Test
  void aTranscendentalOrDeeplyRecomputedNodeIsStoredOnce() {
    Variable m = Variable.of("m", 6, 6);
    // exp is not cheap: computed once, stored, read by both loops.
    Expr e = Exprs.exp(m.times(2.0));
    List<Expr> outputs = List.of(Exprs.sin(e).plus(m), sum(Exprs.mul(e, e).minus(m)));
    assertSame(outputs, 1, 6);
    assertThat(Program.compile(outputs, true, 1).instructions()).hasSize(3);
    // A chain of five shared cheap ops: the deepest ones beyond the depth bound are stored.
    Expr chain = m;
    for (int k = 0; k < 5; k++) {
      Expr shared = chain.plus((double) k).times(m);
      chain = Exprs.sub(Exprs.sin(shared), shared);
    }
    assertSame(List.of(chain, sum(chain)), 1, 7);
  }

  @Test
  void aLoneOpThatBroadcastsAScalarOrAVectorItselfIsALoopBitForBit() {
    Variable a = Variable.of("a", 6, 6);
    Variable b = Variable.of("b", 6, 6);
    Variable s = Variable.of("s");
    Variable v = Variable.of("v", 6);
    // A product is stored whatever reads it; each output is one op reading it and a smaller
    // operand the op broadcasts (the classifier's 1/64 · Xᵀ·G).
    Expr product = Exprs.matmul(a, b);
    List<Expr> outputs =
        List.of(
            product.times(0.015625),
            Exprs.mul(s, product),
            Exprs.sub(product, v),
            Exprs.div(v, Exprs.transpose(product)));
    assertSame(outputs, 1, 9);
    Program program = Program.compile(outputs, true, 1);
    List<Expr> instructions = program.instructions();
    assertThat(instructions).hasSize(5);
    for (int k = 0; k < instructions.size(); k++) {
      assertThat(program.fused(k))
          .as("%s", PRINTER.print(instructions.get(k)))
          .isEqualTo(!instructions.get(k).equals(product));
    }
    // Operands of the output's own shape, neither viewed nor broadcast: the op's own kernel.
    Program plain = Program.compile(List.of(Exprs.add(product, a)), true, 1);
    assertThat(plain.fused(plain.instructions().size() - 1)).isFalse();
  }

  /**
   * A random graph whose loops run over {@code (k, u)} or {@code (k, u, u)} with a short innermost
   * axis ({@code u} from 1 to 4, {@code k} often equal to it): pads of slices put back at another
   * place (dropped axes, partial and reversed ranges), the interleaving of one pad per innermost
   * index (as a slice's gradient is), a vector and a column broadcast, a flat variable read through
   * a reshape, and a transpose when the matrix is square.
   */
  private static List<Expr> paddedGraph(Random r) {
    int u = 1 + r.nextInt(4);
    int k = r.nextBoolean() ? u : 1 + r.nextInt(5);
    Shape shape = r.nextInt(3) == 0 ? Shape.of(k, u, u) : Shape.of(k, u);
    int rank = shape.rank();
    int[] columnDims = shape.dims().clone();
    columnDims[rank - 1] = 1;
    Variable x = Variable.of("x", shape.dims());
    Variable y = Variable.of("y", shape.dims());
    Variable z = Variable.of("z", shape.size());
    Variable v = Variable.of("v", u);
    Variable col = Variable.of("col", columnDims);
    List<Expr> pool = new ArrayList<>(List.of(x, y, reshape(z, shape.dims())));
    int count = 3 + r.nextInt(8);
    for (int i = 0; i < count; i++) {
      Expr a = pool.get(r.nextInt(pool.size()));
      Expr b = pool.get(r.nextInt(pool.size()));
      Expr next =
          switch (r.nextInt(8)) {
            case 0 -> UNARY.get(r.nextInt(UNARY.size())).apply(a);
            case 1 -> BINARY.get(r.nextInt(BINARY.size())).apply(a, b);
            case 2 -> BINARY.get(r.nextInt(BINARY.size())).apply(a, r.nextBoolean() ? v : col);
            case 3, 4 -> {
              List<Slice.Range> from = new ArrayList<>();
              List<Slice.Range> to = new ArrayList<>();
              for (int axis = 0; axis < rank; axis++) {
                Slice.Range range = randomRange(r, shape.dim(axis), axis == rank - 1);
                from.add(range);
                to.add(placed(r, range, shape.dim(axis)));
              }
              Expr part = slice(a, from);
              if (r.nextBoolean()) {
                part = UNARY.get(r.nextInt(UNARY.size())).apply(part);
              }
              yield BINARY.get(r.nextInt(BINARY.size())).apply(Exprs.pad(part, shape, to), b);
            }
            case 5 -> {
              Expr sum = null;
              for (int j = 0; j < u; j++) {
                List<Slice.Range> ranges = new ArrayList<>();
                for (int axis = 0; axis < rank - 1; axis++) {
                  ranges.add(new Slice.Range(0, shape.dim(axis), 1, false));
                }
                ranges.add(new Slice.Range(j, 1, 1, true));
                Expr part = UNARY.get(r.nextInt(UNARY.size())).apply(slice(a, ranges));
                Expr padded = Exprs.pad(part, shape, ranges);
                sum = sum == null ? padded : Exprs.add(sum, padded);
              }
              yield sum;
            }
            case 6 ->
                rank == 2 && k == u
                    ? Exprs.transpose(a).times(constant(r.nextGaussian()))
                    : UNARY.get(r.nextInt(UNARY.size())).apply(a);
            default -> Exprs.mul(a, a).minus(b);
          };
      pool.add(next);
    }
    List<Expr> outputs = new ArrayList<>();
    outputs.add(pool.get(pool.size() - 1));
    outputs.add(sum(pool.get(pool.size() - 1 - r.nextInt(Math.min(3, pool.size())))));
    if (r.nextBoolean()) {
      outputs.add(pool.get(r.nextInt(pool.size())));
    }
    return outputs;
  }

  /** A random range of an axis of size {@code dim}: one index (dropped), or a run of step ±1. */
  private static Slice.Range randomRange(Random r, int dim, boolean innermost) {
    if (r.nextInt(innermost ? 2 : 4) == 0) {
      return new Slice.Range(r.nextInt(dim), 1, 1, true);
    }
    int count = !innermost && r.nextBoolean() ? dim : 1 + r.nextInt(dim);
    return placed(r, new Slice.Range(0, count, 1, false), dim);
  }

  /** A range of as many elements as {@code range}, at a random place and direction. */
  private static Slice.Range placed(Random r, Slice.Range range, int dim) {
    if (range.drop()) {
      return new Slice.Range(r.nextInt(dim), 1, 1, true);
    }
    int count = range.count();
    boolean reverse = count > 1 && r.nextInt(3) == 0;
    int offset = r.nextInt(dim - count + 1);
    return new Slice.Range(reverse ? offset + count - 1 : offset, count, reverse ? -1 : 1, false);
  }

  /** The sum among {@code forward}'s outputs, and its gradient by each variable it reads. */
  private static List<Expr> withGradients(List<Expr> forward) {
    Expr loss = forward.get(1);
    List<Expr> outputs = new ArrayList<>(List.of(loss));
    for (Expr node : Graph.topologicalIndex(List.of(loss)).toArray()) {
      if (node instanceof Variable v) {
        outputs.add(Gradients.of(loss, v).of(v));
      }
    }
    return outputs;
  }

  /** The generated sources of a program's fused loops. */
  private static List<String> fusedSources(Program program) {
    List<String> sources = new ArrayList<>();
    for (int k = 0; k < program.instructions().size(); k++) {
      String source = FusedLoops.sourceOf(program.kernel(k));
      if (source != null) {
        sources.add(source);
      }
    }
    return sources;
  }

  /** How many of {@link #seeds()} satisfy {@code reached}: a generator's coverage of a path. */
  private static long seedsWhere(Predicate<Long> reached) {
    return seeds().filter(reached).count();
  }

  @Test
  void theRandomPaddedGraphsReachTheUnrolledLoops() {
    long unrolled =
        seedsWhere(
            seed ->
                fusedSources(Program.compile(paddedGraph(new Random(seed)), true, 1)).stream()
                    .anyMatch(s -> s.contains(" unrolled: ")));
    assertThat(unrolled).as("seeds whose program has an unrolled loop").isGreaterThan(15);
  }

  @Test
  void eachPadsGuardIsDecidedWhenTheInnermostAxisIsUnrolled() {
    // A 5×3 matrix rebuilt from its three columns, each through its own pad: unrolled, no
    // branch is left.
    Variable m = Variable.of("m", 5, 3);
    Variable w = Variable.of("w", 5, 3);
    Expr rebuilt = null;
    for (int j = 0; j < 3; j++) {
      List<Slice.Range> ranges =
          List.of(new Slice.Range(0, 5, 1, false), new Slice.Range(j, 1, 1, true));
      Expr column = Exprs.exp(slice(m, ranges).times((double) j + 2));
      Expr padded = Exprs.pad(column, Shape.of(5, 3), ranges);
      rebuilt = rebuilt == null ? padded : Exprs.add(rebuilt, padded);
    }
    List<Expr> outputs = List.of(Exprs.mul(rebuilt, Exprs.sub(m, w)));
    assertSame(outputs, 1, 3);
    List<String> sources = fusedSources(Program.compile(outputs, true, 1));
    assertThat(sources).hasSize(1);
    assertThat(sources.get(0)).contains("i1 unrolled: 3 copies").doesNotContain("if (");
    // A 6-long innermost axis is not unrolled: the guards stay.
    Variable wide = Variable.of("wide", 5, 6);
    List<Slice.Range> ranges =
        List.of(new Slice.Range(0, 5, 1, false), new Slice.Range(4, 1, 1, true));
    Expr padded = Exprs.pad(Exprs.exp(slice(wide, ranges)), Shape.of(5, 6), ranges);
    List<Expr> wideOutputs = List.of(Exprs.mul(padded, wide));
    assertSame(wideOutputs, 1, 6);
    assertThat(fusedSources(Program.compile(wideOutputs, true, 1)).get(0))
        .doesNotContain("unrolled")
        .contains("if (");
  }

  /**
   * A random graph over square {@code k×k} or cubic {@code k×k×k} variables whose values are joined
   * along axis 0, 1 or 2 from two to four operands: slices (some reversed), a slice broadcast along
   * the axis, elementwise ops of slices, pads of slices into the operand's block, and the periodic
   * ring {@code concat(inner[last], inner, inner[first])} of an elementwise value; each join is
   * read by an elementwise op or a sum.
   */
  private static List<Expr> concatGraph(Random r) {
    int k = 2 + r.nextInt(4);
    int rank = 2 + r.nextInt(2);
    int[] dims = new int[rank];
    Arrays.fill(dims, k);
    Variable x = Variable.of("x", dims);
    Variable y = Variable.of("y", dims);
    List<Expr> pool = new ArrayList<>(List.of(x, y, Exprs.sin(x)));
    int count = 2 + r.nextInt(4);
    for (int i = 0; i < count; i++) {
      Expr a = pool.get(r.nextInt(pool.size()));
      Expr b = pool.get(r.nextInt(pool.size()));
      int axis = r.nextInt(rank);
      Expr joined = k > 2 && r.nextInt(4) == 0 ? ring(r, a, b, axis) : join(r, a, b, axis);
      Expr next =
          switch (r.nextInt(3)) {
            case 0 -> BINARY.get(r.nextInt(BINARY.size())).apply(joined, b);
            case 1 -> UNARY.get(r.nextInt(UNARY.size())).apply(joined);
            default -> joined;
          };
      pool.add(next);
    }
    List<Expr> outputs = new ArrayList<>();
    outputs.add(pool.get(pool.size() - 1));
    outputs.add(sum(pool.get(pool.size() - 1 - r.nextInt(Math.min(3, pool.size())))));
    if (r.nextBoolean()) {
      outputs.add(pool.get(r.nextInt(pool.size())));
    }
    return outputs;
  }

  /** {@code a}'s shape rebuilt along {@code axis} from two to four random blocks. */
  private static Expr join(Random r, Expr a, Expr b, int axis) {
    int k = a.shape().dim(axis);
    int parts = Math.min(k, 2 + r.nextInt(3));
    int[] sizes = new int[parts];
    Arrays.fill(sizes, 1);
    for (int left = k - parts; left > 0; left--) {
      sizes[r.nextInt(parts)]++;
    }
    Expr[] blocks = new Expr[parts];
    for (int p = 0; p < parts; p++) {
      int size = sizes[p];
      int[] blockDims = a.shape().dims();
      blockDims[axis] = size;
      Shape block = Shape.of(blockDims);
      blocks[p] =
          switch (r.nextInt(5)) {
            case 0 -> slice(a, along(r, a.shape(), axis, size, true));
            case 1 -> {
              List<Slice.Range> one = along(r, a.shape(), axis, 1, false);
              yield Exprs.broadcastTo(slice(a, one), block);
            }
            case 2 ->
                BINARY
                    .get(r.nextInt(BINARY.size()))
                    .apply(
                        slice(a, along(r, a.shape(), axis, size, true)),
                        UNARY
                            .get(r.nextInt(UNARY.size()))
                            .apply(slice(b, along(r, b.shape(), axis, size, false))));
            case 3 -> {
              List<Slice.Range> to = new ArrayList<>();
              List<Slice.Range> from = new ArrayList<>();
              for (int d = 0; d < block.rank(); d++) {
                Slice.Range range = randomRange(r, block.dim(d), false);
                to.add(range);
                from.add(placed(r, range, a.shape().dim(d)));
              }
              Expr part = UNARY.get(r.nextInt(UNARY.size())).apply(slice(a, from));
              yield Exprs.pad(part, block, to);
            }
            default ->
                UNARY
                    .get(r.nextInt(UNARY.size()))
                    .apply(slice(b, along(r, b.shape(), axis, size, true)));
          };
    }
    return Exprs.concat(axis, blocks);
  }

  /** Ranges taking {@code size} indices of {@code axis} at a random place (maybe reversed). */
  private static List<Slice.Range> along(
      Random r, Shape shape, int axis, int size, boolean reversible) {
    List<Slice.Range> ranges = new ArrayList<>();
    for (int d = 0; d < shape.rank(); d++) {
      ranges.add(
          d == axis
              ? placedRun(r, size, shape.dim(d), reversible)
              : new Slice.Range(0, shape.dim(d), 1, false));
    }
    return ranges;
  }

  private static Slice.Range placedRun(Random r, int size, int dim, boolean reversible) {
    int offset = r.nextInt(dim - size + 1);
    boolean reverse = reversible && size > 1 && r.nextBoolean();
    return new Slice.Range(reverse ? offset + size - 1 : offset, size, reverse ? -1 : 1, false);
  }

  /**
   * The periodic ring of advection's step along {@code axis} (at least 3 long): an elementwise
   * value of the inner indices, with its last index before it and its first after.
   */
  private static Expr ring(Random r, Expr a, Expr b, int axis) {
    int k = a.shape().dim(axis);
    Shape shape = a.shape();
    Expr inner =
        BINARY
            .get(r.nextInt(BINARY.size()))
            .apply(
                slice(a, withRange(shape, axis, new Slice.Range(1, k - 2, 1, false))),
                slice(b, withRange(shape, axis, new Slice.Range(0, k - 2, 1, false))));
    Shape innerShape = inner.shape();
    return Exprs.concat(
        axis,
        slice(inner, withRange(innerShape, axis, new Slice.Range(k - 3, 1, 1, false))),
        inner,
        slice(inner, withRange(innerShape, axis, new Slice.Range(0, 1, 1, false))));
  }

  private static List<Slice.Range> withRange(Shape shape, int axis, Slice.Range range) {
    List<Slice.Range> ranges = new ArrayList<>();
    for (int d = 0; d < shape.rank(); d++) {
      ranges.add(d == axis ? range : new Slice.Range(0, shape.dim(d), 1, false));
    }
    return ranges;
  }

  /**
   * Every seed with each generator of graphs that reach the newer loop forms: pads on short
   * innermost axes and interleavings ({@link #paddedGraph}), and concatenations ({@link
   * #concatGraph}).
   */
  private static Stream<Arguments> paddedAndConcatenatedGraphs() {
    return seeds()
        .flatMap(seed -> Stream.of(Arguments.of("padded", seed), Arguments.of("concat", seed)));
  }

  private static List<Expr> graph(String kind, long seed) {
    Random r = new Random(seed);
    return kind.equals("padded") ? paddedGraph(r) : concatGraph(r);
  }

  @ParameterizedTest(name = "{0} graph, seed {1}")
  @MethodSource("paddedAndConcatenatedGraphs")
  void paddedAndConcatenatedGraphsGiveTheUnloweredValuesBitForBit(String kind, long seed) {
    List<Expr> outputs = graph(kind, seed);
    assertSame(outputs, 1, seed);
    assertSame(outputs, Program.DEFAULT_FUSE_MIN_SIZE, seed);
  }

  @ParameterizedTest(name = "{0} graph, seed {1}")
  @MethodSource("paddedAndConcatenatedGraphs")
  void theirGradientsGiveTheUnloweredValuesBitForBit(String kind, long seed) {
    assertSame(withGradients(graph(kind, seed)), 1, seed);
  }

  /** A {@code for} loop that does not start at 0: a part of a loop cut in parts. */
  private static final Pattern CUT_LOOP = Pattern.compile("for \\(int i\\d+ = [1-9]");

  @Test
  void theRandomConcatenationsAreReadInsideFusedLoops() {
    int inside = 0;
    int cut = 0;
    for (long seed : seeds().toList()) {
      List<Expr> outputs = withGradients(concatGraph(new Random(seed)));
      Program program = Program.compile(outputs, true, 1);
      long joins =
          Stream.of(Graph.topologicalIndex(outputs).toArray())
              .filter(e -> e.op() instanceof Concat)
              .count();
      long ownKernels =
          IntStream.range(0, program.instructions().size())
              .filter(k -> program.instructions().get(k).op() instanceof Concat)
              .filter(k -> !program.fused(k))
              .count();
      if (joins > 0 && ownKernels < joins) {
        inside++;
      }
      if (fusedSources(program).stream().anyMatch(s -> CUT_LOOP.matcher(s).find())) {
        cut++;
      }
    }
    assertThat(inside).as("seeds with a concatenation in a fused loop").isGreaterThan(40);
    assertThat(cut).as("seeds with a loop cut where operands change").isGreaterThan(15);
  }

  @Test
  void aConcatenationAlongAShortInnermostAxisChoosesItsOperandsInTheSource() {
    // A 5×3 matrix rebuilt from three column computations: unrolled, each copy reads its own
    // operand and no branch is left.
    Variable m = Variable.of("m", 5, 3);
    Variable w = Variable.of("w", 5, 3);
    Expr rebuilt =
        Exprs.concat(
            1,
            Exprs.exp(slice(m, Index.all(), Index.range(0, 1))),
            slice(m, Index.all(), Index.range(1, 2)).times(2.0),
            Exprs.sin(slice(w, Index.all(), Index.range(2, 3))));
    List<Expr> outputs = List.of(Exprs.mul(rebuilt, Exprs.sub(m, w)));
    assertSame(outputs, 1, 3);
    List<String> sources = fusedSources(Program.compile(outputs, true, 1));
    assertThat(sources).hasSize(1);
    assertThat(sources.get(0)).contains("i1 unrolled: 3 copies").doesNotContain("if (");
    // Along the 5-long axis, the loop is cut where the operand changes.
    Expr rows =
        Exprs.concat(
            0,
            Exprs.exp(slice(m, Index.range(0, 2), Index.all())),
            Exprs.neg(slice(w, Index.range(1, 4), Index.all())));
    List<Expr> rowOutputs = List.of(Exprs.mul(rows, m));
    assertSame(rowOutputs, 1, 4);
    assertThat(fusedSources(Program.compile(rowOutputs, true, 1)).get(0))
        .doesNotContain("unrolled")
        .doesNotContain("if (")
        .contains("for (int i0 = 0; i0 < 2; i0++)", "for (int i0 = 2; i0 < 5; i0++)");
  }

  /** A Lax–Wendroff step of advection on a periodic ring, as the advection benchmark writes it. */
  private static Expr advectionStep(Expr q) {
    int n = q.shape().size();
    Expr a = slice(q, Index.range(0, n - 1));
    Expr b = slice(q, Index.range(1, n));
    Expr f = Exprs.add(Exprs.add(a, b), sub(a, b).times(0.125)).times(0.0625);
    Expr inner =
        Exprs.add(
            slice(q, Index.range(1, n - 1)),
            sub(slice(f, Index.range(0, n - 2)), slice(f, Index.range(1, n - 1))));
    return Exprs.concat(
        0, slice(inner, Index.range(n - 3, n - 2)), inner, slice(inner, Index.range(0, 1)));
  }

  @Test
  void anAdvectionStepOnAPeriodicRingIsTwoLoopsBitForBit() {
    Variable q0 = Variable.of("q0", 100);
    Variable w = Variable.of("w", 100);
    Expr q = q0;
    int steps = 4;
    for (int j = 0; j < steps; j++) {
      q = advectionStep(q);
    }
    Expr cost = sum(Exprs.mul(q, w));
    List<Expr> outputs = List.of(cost, Gradients.of(cost, q0).of(q0));
    assertSame(outputs, Program.DEFAULT_FUSE_MIN_SIZE, 100);
    // Per step, the flux's first ops (stored: the rest of the step would recompute them more than
    // three deep) and one loop that computes the rest of the flux, the update and the ring, cut in
    // three where the ring's pieces meet; without concatenations in loops, the update and the ring
    // were two more passes, and the update a buffer.
    Program program = Program.compile(List.of(cost), true, 1);
    assertThat(program.instructions().size()).isEqualTo(2 * steps);
    assertThat(IntStream.range(0, 2 * steps).allMatch(program::fused)).isTrue();
    assertThat(fusedSources(program).get(1))
        .doesNotContain("if (")
        .contains("i0 = 0; i0 < 1;", "i0 = 1; i0 < 99;", "i0 = 99; i0 < 100;");
  }

  /** How many loops of a program are carried by another loop's pass. */
  private static long carried(Program program) {
    return IntStream.range(0, program.instructions().size())
        .filter(k -> program.kernel(k) == FusedLoops.WRITTEN_BY_ANOTHER)
        .count();
  }

  @Test
  void theRandomGraphsReachLoopsThatShareAPass() {
    long shared =
        seedsWhere(
            seed ->
                carried(Program.compile(withGradients(paddedGraph(new Random(seed))), true, 1))
                    > 0);
    assertThat(shared).as("seeds whose program has a shared pass").isGreaterThan(15);
  }

  @Test
  void loopsShareAPassOnlyWhenNothingReadsTheCarriedValueBeforeIt() {
    Variable x = Variable.of("x", 12, 12);
    Variable w = Variable.of("w", 12, 12);
    Expr early = Exprs.sin(x).times(x).plus(1);
    Expr late = Exprs.cos(Exprs.transpose(x)).times(w);
    // Both loops read x and run over 12×12: one pass, at the later loop's place.
    List<Expr> outputs = List.of(early, late);
    assertSame(outputs, 1, 12);
    Program program = Program.compile(outputs, true, 1);
    assertThat(carried(program)).isEqualTo(1);
    assertThat(program.reads(1)).contains(early);

    // A sum read after both by a product of both: the sum's loop reads the shared buffers, so it
    // runs alone; early and late still share.
    Expr product = sum(Exprs.mul(early, late));
    List<Expr> withProduct = List.of(early, late, product);
    assertSame(withProduct, 1, 13);
    Program three = Program.compile(withProduct, true, 1);
    assertThat(carried(three)).isEqualTo(1);
    assertThat(three.instructions()).hasSize(3);
    // Re-setting w runs the pass (which rewrites early with the same bits) and the sum, not
    // early's instruction.
    Program.Workspace ws = bindRandom(three, new Random(1)).execute();
    ws.set("w", Tensor.randomNormal(w.shape(), new Random(2))).execute();
    assertThat(ws.computedLastRun()).isEqualTo(2);
    Program.Workspace fresh =
        bindRandom(Program.compile(withProduct, false, Program.NEVER), new Random(1))
            .set("w", Tensor.randomNormal(w.shape(), new Random(2)))
            .execute();
    assertSameOutputs(withProduct, fresh, ws, 2);
    ws.set("x", Tensor.randomNormal(x.shape(), new Random(3))).execute();
    fresh.set("x", Tensor.randomNormal(x.shape(), new Random(3))).execute();
    assertSameOutputs(withProduct, fresh, ws, 3);

    // A single number read by a later op is not carried (its readers take it from the register
    // file), nor is a value read by a loop that runs before the other.
    Expr total = sum(Exprs.sin(x).times(x));
    List<Expr> scaled = List.of(total, Exprs.exp(x).minus(w), total.times(3.0));
    assertSame(scaled, 1, 14);
    assertThat(carried(Program.compile(scaled, true, 1))).isZero();
    Expr first = Exprs.tanh(x).times(w);
    Expr second = Exprs.exp(first).plus(Exprs.sin(x));
    List<Expr> chained = List.of(first, second.times(x));
    assertSame(chained, 1, 15);
    assertThat(carried(Program.compile(chained, true, 1))).isZero();
    // Loops that read no common buffer stay apart.
    List<Expr> apart = List.of(Exprs.exp(x).times(2.0), Exprs.exp(w).times(2.0));
    assertSame(apart, 1, 16);
    assertThat(carried(Program.compile(apart, true, 1))).isZero();
  }

  private static Expr rosenbrock(Variable x) {
    int n = x.shape().size();
    Expr pairs = reshape(x, n / 2, 2);
    Expr even = slice(pairs, Index.all(), Index.at(0));
    Expr odd = slice(pairs, Index.all(), Index.at(1));
    return sum(square(sub(odd, square(even))).times(100).plus(square(sub(constant(1), even))));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 8, 34, 1000})
  void rosenbrockValueAndGradientAreOnePassAndUnchangedBitForBit(int n) {
    Variable x = Variable.of("x", n);
    Expr loss = rosenbrock(x);
    List<Expr> outputs = List.of(loss, Gradients.of(loss, x).of(x));
    assertSame(outputs, 1, n);
    assertThat(Program.compile(List.of(loss), true, 1).instructions()).hasSize(1);
    // The value and the interleaved gradient: two loops, the shared differences x₂ᵢ₊₁ − x₂ᵢ² and
    // 1 − x₂ᵢ recomputed in both (stored, they were two more passes). Both run over the pairs (the
    // gradient's pair written out), so they share one pass: the value's instruction does nothing,
    // and the gradient's writes the value's buffer too.
    Program both = Program.compile(outputs, true, 1);
    assertThat(both.instructions()).as("%s", both.instructions()).hasSize(2);
    assertThat(both.kernel(0)).isSameAs(FusedLoops.WRITTEN_BY_ANOTHER);
    assertThat(both.reads(1)).contains(loss);
    assertThat(both.bufferCount()).isLessThan(Program.compile(outputs, false, 1).bufferCount());
    // Each pad's guard is decided in the source, and x₂ᵢ₊₁ − x₂ᵢ² is computed once per pair for
    // the value and both elements of the gradient.
    List<String> sources = fusedSources(both);
    assertThat(sources).hasSize(1);
    String loop = sources.get(0);
    assertThat(loop).contains("i1 unrolled: 2 copies").doesNotContain("if (");
    assertThat(loop.split("for \\(", -1)).as(loop).hasSize(2);
    assertThat(loop.split("\\[1 \\+ 2 \\* i0\\] - ", -1)).as(loop).hasSize(2);
    // A plain loop: the values are those of the written formula.
    double[] point = Tensor.randomNormal(Shape.of(n), new Random(n)).toArray();
    double f = 0;
    for (int i = 0; i < n; i += 2) {
      double d = point[i + 1] - point[i] * point[i];
      double e = 1 - point[i];
      f = f + (d * d * 100 + e * e);
    }
    assertThat(both.newWorkspace().set(x, point, 0).execute().scalar(0)).isEqualTo(f);
  }

  @Test
  void theFusionPropertyIsReadAtCompilationAndABadValueIsOneClearError() {
    Variable x = Variable.of("x", 10, 10);
    Expr loss = sum(square(Exprs.sin(x).minus(1)));
    String saved = System.getProperty("adjoint.fusion.minSize");
    try {
      System.setProperty("adjoint.fusion.minSize", "never");
      assertThat(Program.compile(loss).instructions()).hasSize(4);
      System.setProperty("adjoint.fusion.minSize", "100");
      assertThat(Program.compile(loss).instructions()).hasSize(1);
      System.setProperty("adjoint.fusion.minSize", "101");
      assertThat(Program.compile(loss).instructions()).hasSize(4);
      for (String bad : List.of("many", "0", "-3")) {
        System.setProperty("adjoint.fusion.minSize", bad);
        assertThatThrownBy(() -> Program.compile(loss))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(
                "system property adjoint.fusion.minSize is "
                    + bad
                    + "; use a positive number of elements or never");
      }
    } finally {
      if (saved == null) {
        System.clearProperty("adjoint.fusion.minSize");
      } else {
        System.setProperty("adjoint.fusion.minSize", saved);
      }
    }
  }

  @Test
  void aReshapeIsAViewOfItsOperandsBuffer() {
    Variable x = Variable.of("x", 4, 6);
    Expr y = Exprs.exp(x);
    Expr r = reshape(y, 3, 8);
    List<Expr> outputs = List.of(Exprs.matmul(r, Exprs.transpose(r)), reshape(x, 24));
    assertSame(outputs, Program.NEVER, 7);
    Program lowered = Program.compile(outputs, true, Program.NEVER);
    assertThat(lowered.instructions())
        .noneMatch(e -> e.op() instanceof dev.adjoint.autodiff.op.Reshape);
  }

  @Test
  void aFusedProgramRecomputesOnlyWhatARebindingChanges() {
    Variable x = Variable.of("x", 40);
    Variable w = Variable.of("w", 40);
    Expr data = Exprs.exp(Exprs.sin(x)).times(2);
    Expr loss = sum(Exprs.tanh(w.times(data)).minus(w));
    List<Expr> outputs = List.of(loss, data);
    Program lowered = Program.compile(outputs, true, 1);
    Program.Workspace ws = bindRandom(lowered, new Random(1)).execute();
    assertThat(ws.computedLastRun()).isEqualTo(lowered.instructions().size()).isEqualTo(2);
    ws.set("w", Tensor.randomNormal(w.shape(), new Random(2))).execute();
    assertThat(ws.computedLastRun()).as("only the loop that reads w").isEqualTo(1);
    Program.Workspace fresh =
        bindRandom(Program.compile(outputs, false, Program.NEVER), new Random(1))
            .set("w", Tensor.randomNormal(w.shape(), new Random(2)))
            .execute();
    assertSameOutputs(outputs, fresh, ws, 2);
  }

  @Test
  void checkingFiniteNamesTheOpInsideAFusedChainThatProducedTheValue() {
    Variable x = Variable.of("x", 50);
    Expr chain = Exprs.exp(Exprs.log(x.minus(3)).times(2)).plus(1);
    Program checking = Program.compile(List.of(sum(chain)), true, 1).checkingFinite();
    Tensor values =
        Tensor.of(Shape.of(50), IntStream.range(0, 50).mapToDouble(i -> i + 3.5).toArray());
    assertThat(checking.newWorkspace().set("x", values).execute().scalar(0)).isFinite();
    double[] bad = values.toArray();
    bad[7] = 2;
    assertThatThrownBy(
            () -> checking.newWorkspace().set("x", Tensor.of(Shape.of(50), bad)).execute())
        .isInstanceOf(NonFiniteException.class)
        .hasMessageStartingWith("log produced NaN at [7]");
  }
}
