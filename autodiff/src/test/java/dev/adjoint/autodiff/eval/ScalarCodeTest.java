package dev.adjoint.autodiff.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.customop.LogCosh;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.BuiltinOps;
import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.LanguageFunction;
import dev.adjoint.autodiff.op.Notation;
import dev.adjoint.autodiff.print.Printer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated code for runs of scalar instructions, and their encoded form ({@link ScalarBlocks}),
 * compute what the instruction-by-instruction interpreter computes, bit for bit: on seeded random
 * graphs of every elementwise op of the registry and user-defined ops, mixed with kernels that read
 * and write single numbers, at special values (NaN, ±∞, ±0), through incremental runs that
 * recompute only part of a block; and a failed compilation leaves the interpreter running.
 */
class ScalarCodeTest {
  private static final Variable X = Variable.of("x");
  private static final Variable Y = Variable.of("y");
  private static final Variable Z = Variable.of("z");
  private static final Variable V = Variable.of("v", 3);
  private static final List<Variable> SCALARS = List.of(X, Y, Z);

  private static final double[] SPECIAL = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -2.5,
    1e-300,
    -1e300,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE
  };

  /** A user-defined op the generated code cannot name (private, nested): typed by its base. */
  private static final class Hidden extends ElementwiseFunction {
    Hidden() {
      super("hidden");
    }

    @Override
    public double apply(double x) {
      return x * x * x - 0.5;
    }

    @Override
    protected Expr derivative(Expr g, Expr out, Expr x) {
      return Exprs.mul(g, Exprs.mul(3, Exprs.square(x)));
    }
  }

  /** A user-defined binary op. */
  private static final class Hypotenuse extends ElementwiseBinary {
    @Override
    public double apply(double x, double y) {
      return Math.sqrt(x * x + y * y + 1);
    }

    @Override
    protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
      return Exprs.mul(g, Exprs.div(x, out));
    }

    @Override
    protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
      return Exprs.mul(g, Exprs.div(y, out));
    }

    @Override
    public Notation notation() {
      return Notation.function("hyp1");
    }
  }

  /** Every way to build a node from one or two scalars: the registry's functions and more. */
  private static List<Function<List<Expr>, Expr>> builders() {
    List<Function<List<Expr>, Expr>> builders = new ArrayList<>();
    for (LanguageFunction f : BuiltinOps.functions()) {
      if ((f.operands() == 1 || f.operands() == 2) && f.minParameters() == 0) {
        builders.add(in -> f.builder().build(in.subList(0, f.operands()), new int[0]));
      }
    }
    builders.add(in -> Exprs.add(in.get(0), in.get(1)));
    builders.add(in -> Exprs.sub(in.get(0), in.get(1)));
    builders.add(in -> Exprs.mul(in.get(0), in.get(1)));
    builders.add(in -> Exprs.div(in.get(0), in.get(1)));
    builders.add(in -> Exprs.pow(in.get(0), in.get(1)));
    builders.add(in -> Exprs.neg(in.get(0)));
    builders.add(in -> LogCosh.logcosh(in.get(0)));
    builders.add(in -> Expr.apply(new Hidden(), in.get(0)));
    builders.add(in -> Expr.apply(new Hypotenuse(), in.get(0), in.get(1)));
    // A kernel reading a scalar computed by generated code, and one whose scalar result it reads.
    builders.add(in -> Exprs.sum(Exprs.mul(in.get(0), V)));
    return builders;
  }

  /** A random graph of scalars over x, y, z (and v through a kernel); its outputs. */
  private static List<Expr> randomOutputs(Random random, int nodes) {
    List<Function<List<Expr>, Expr>> builders = builders();
    List<Expr> pool = new ArrayList<>(List.of(X, Y, Z, Constant.of(Tensor.scalar(0.75))));
    while (pool.size() < nodes) {
      List<Expr> in = List.of(pick(pool, random), pick(pool, random));
      try {
        Expr e = builders.get(random.nextInt(builders.size())).apply(in);
        if (e.shape().size() == 1) {
          pool.add(e);
        }
      } catch (IllegalArgumentException e) {
        // A function that takes no scalar (a matrix op): not part of this graph.
      }
    }
    List<Expr> outputs = new ArrayList<>();
    // Every variable reaches an output, so that each can be bound.
    Expr last = pool.get(pool.size() - 1);
    outputs.add(Exprs.add(Exprs.add(last, Exprs.mul(X, Y)), Exprs.sub(Z, Exprs.sum(V))));
    for (int k = 0; k < 3; k++) {
      outputs.add(pool.get(pool.size() - 1 - random.nextInt(nodes / 4)));
    }
    return outputs;
  }

  /** Recent nodes more often, so that chains form. */
  private static Expr pick(List<Expr> pool, Random random) {
    int n = pool.size();
    return pool.get(
        random.nextInt(4) == 0 ? random.nextInt(n) : n - 1 - random.nextInt(Math.min(n, 6)));
  }

  private static double value(Random random) {
    return random.nextInt(3) == 0
        ? SPECIAL[random.nextInt(SPECIAL.length)]
        : random.nextGaussian() * 2;
  }

  /**
   * Compares bit for bit, except that any NaN equals any NaN: Java does not specify which NaN an
   * operation on two NaNs returns (x86 returns its first operand's, and the JIT may swap the
   * operands of a commutative {@code +} or {@code ·}), so a NaN's sign and payload differ even
   * between two compilations of the interpreter itself. ±0 and every other value must match.
   */
  private static void assertSameBits(
      Program.Workspace actual, Program.Workspace reference, List<Expr> outputs, String at) {
    for (int o = 0; o < outputs.size(); o++) {
      double g = actual.scalar(o);
      double i = reference.scalar(o);
      assertThat(Double.doubleToLongBits(g))
          .as(
              "output %s = %s at %s: got %s, reference %s",
              o, Printer.plain().withLimit(200).print(outputs.get(o)), at, g, i)
          .isEqualTo(Double.doubleToLongBits(i));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void generatedCodeMatchesTheInterpreterBitForBit(long seed) {
    Random random = new Random(seed);
    assertBlocksAndCodeMatchTheReference(
        randomOutputs(random, 40 + random.nextInt(120)), random, seed, 30);
  }

  /**
   * Programs of thousands of instructions: blocks of many generated methods and classes, and long
   * encoded blocks.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32})
  void largeProgramsMatchTheInterpreterBitForBit(long seed) {
    Random random = new Random(seed);
    assertBlocksAndCodeMatchTheReference(randomOutputs(random, 4000), random, seed, 6);
  }

  /**
   * Runs {@code outputs} with generated code, with encoded blocks ({@link ScalarBlocks}, the
   * lowered program without code) and instruction by instruction (the unlowered reference), binding
   * a random subset of the variables before each run, and compares the outputs bit for bit.
   */
  private static void assertBlocksAndCodeMatchTheReference(
      List<Expr> outputs, Random random, long seed, int runs) {
    Program generated = Program.compile(outputs, Codegen.ON);
    Program blocks = Program.compile(outputs, Codegen.OFF);
    Program reference = Program.compile(outputs, false, Program.NEVER);
    assertThat(generated.hasScalarCode()).as("code generated").isTrue();
    assertThat(blocks.hasScalarCode()).isFalse();
    assertThat(reference.hasScalarCode()).isFalse();

    Program.Workspace g = generated.newWorkspace();
    Program.Workspace b = blocks.newWorkspace();
    Program.Workspace i = reference.newWorkspace();
    List<Program.Workspace> all = List.of(g, b, i);
    Tensor vector = Tensor.of(Shape.of(3), 0.5, -1.25, 2.0);
    all.forEach(ws -> ws.set("v", vector));
    double[] current = new double[SCALARS.size()];
    for (int run = 0; run < runs; run++) {
      // Re-bind a random subset, so that some runs recompute only part of a block.
      StringBuilder at = new StringBuilder("seed " + seed + ", run " + run + ":");
      for (int k = 0; k < SCALARS.size(); k++) {
        if (run == 0 || random.nextInt(3) == 0) {
          current[k] = value(random);
          Tensor bound = Tensor.scalar(current[k]);
          String name = SCALARS.get(k).name();
          all.forEach(ws -> ws.set(name, bound));
        }
        at.append(' ').append(SCALARS.get(k).name()).append(" = ").append(current[k]);
      }
      all.forEach(Program.Workspace::execute);
      assertThat(g.computedLastRun()).isEqualTo(i.computedLastRun());
      assertThat(b.computedLastRun()).isEqualTo(i.computedLastRun());
      assertSameBits(g, i, outputs, "generated, " + at);
      assertSameBits(b, i, outputs, "blocks, " + at);
    }
  }

  @Test
  void theScalarChainMatchesBitForBitInEveryForm() {
    Variable a = Variable.of("a");
    Expr x = X;
    for (int k = 0; k < 700; k++) { // 2,100 forward nodes: several methods and classes
      x = Exprs.add(Exprs.mul(Exprs.sin(x), a), Y);
    }
    List<Expr> outputs = new ArrayList<>(List.of(x));
    outputs.addAll(x.gradient(X, a, Y).list());
    Program generated = Program.compile(outputs, Codegen.ON);
    Program blocks = Program.compile(outputs, Codegen.OFF);
    // Its period of 9 instructions runs as loops of windows of 18.
    Program windows = Program.compile(outputs, Codegen.OFF);
    Program reference = Program.compile(outputs, false, Program.NEVER);
    assertThat(generated.hasScalarCode()).isTrue();
    assertThat(windows.generateScalarCode(JavaSourceCompiler.JANINO, ScalarCode.Form.WINDOWS))
        .isTrue();
    Program.Workspace g = generated.newWorkspace();
    Program.Workspace b = blocks.newWorkspace();
    Program.Workspace w = windows.newWorkspace();
    Program.Workspace i = reference.newWorkspace();
    for (double value : new double[] {0.3, -0.7, 0.0, -0.0, Double.NaN, 1e308}) {
      for (Program.Workspace ws : List.of(g, b, w, i)) {
        ws.set("x", Tensor.scalar(value)).set("a", Tensor.scalar(0.9)).set("y", Tensor.scalar(0.1));
        ws.execute();
      }
      assertSameBits(g, i, outputs, "generated, x = " + value);
      assertSameBits(b, i, outputs, "blocks, x = " + value);
      assertSameBits(w, i, outputs, "windows, x = " + value);
    }
  }

  /**
   * A chain of links {@code x ← sin(f(x, y, z) + x·y + z)}, {@code f} a random body of a few ops
   * (user-defined ones among them), and its gradient: a program whose windows repeat, as large
   * programs' code is generated ({@link ScalarWindows}).
   */
  private static List<Expr> repeatedLinks(Random random, int links) {
    List<Function<List<Expr>, Expr>> ops =
        new ArrayList<>(
            List.of(
                in -> Exprs.add(in.get(0), in.get(1)),
                in -> Exprs.sub(in.get(0), in.get(1)),
                in -> Exprs.mul(in.get(0), in.get(1)),
                in -> Exprs.div(in.get(0), in.get(1)),
                in -> Exprs.neg(in.get(0)),
                in -> Exprs.tanh(in.get(0)),
                in -> Exprs.cos(in.get(0)),
                in -> Expr.apply(new Hidden(), in.get(0)),
                in -> Expr.apply(new Hypotenuse(), in.get(0), in.get(1))));
    // Distinct ops, so that each seed covers half of them or more.
    Collections.shuffle(ops, random);
    int bodySize = 4 + random.nextInt(4);
    int[] choice = new int[bodySize];
    int[][] operands = new int[bodySize][2];
    for (int k = 0; k < bodySize; k++) {
      choice[k] = k;
      // Operand j of op k: x, y, z (0, 1, 2) or op m of the body (3 + m), for m < k.
      for (int j = 0; j < 2; j++) {
        operands[k][j] = random.nextInt(3 + k);
      }
    }
    Expr x = X;
    for (int link = 0; link < links; link++) {
      List<Expr> values = new ArrayList<>(List.of(x, Y, Z));
      for (int k = 0; k < bodySize; k++) {
        values.add(
            ops.get(choice[k])
                .apply(List.of(values.get(operands[k][0]), values.get(operands[k][1]))));
      }
      // Every link reads x, y and z, so that the chain goes through it and each variable is bound.
      x = Exprs.sin(Exprs.add(values.get(values.size() - 1), Exprs.add(Exprs.mul(x, Y), Z)));
    }
    List<Expr> outputs = new ArrayList<>(List.of(x));
    outputs.addAll(x.gradient(X, Y, Z).list());
    return outputs;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {41, 42, 43, 44, 45, 46, 47, 48, 49, 50})
  void windowCodeMatchesTheInterpreterBitForBit(long seed) {
    Random random = new Random(seed);
    List<Expr> outputs = repeatedLinks(random, 400);
    Program windows = Program.compile(outputs, Codegen.OFF);
    assertThat(windows.generateScalarCode(JavaSourceCompiler.JANINO, ScalarCode.Form.WINDOWS))
        .as("seed %s: window code generated", seed)
        .isTrue();
    Program.Workspace w = windows.newWorkspace();
    Program.Workspace i = Program.compile(outputs, false, Program.NEVER).newWorkspace();
    boolean finite = false;
    for (int run = 0; run < 8; run++) {
      double x = run < 2 ? value(random) : random.nextGaussian();
      double y = (0.5 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
      double z = random.nextGaussian();
      for (Program.Workspace ws : List.of(w, i)) {
        ws.set("x", Tensor.scalar(x)).set("y", Tensor.scalar(y)).set("z", Tensor.scalar(z));
        ws.execute();
      }
      assertThat(w.computedLastRun()).isEqualTo(i.computedLastRun());
      assertSameBits(w, i, outputs, "windows, seed " + seed + ": x = " + x + ", y = " + y);
      finite |= Double.isFinite(i.scalar(1)) && i.scalar(1) != 0;
    }
    assertThat(finite).as("seed %s: some run's gradient is finite and not 0", seed).isTrue();
  }

  @Test
  void windowsThatDoNotRepeatGetNoCode() {
    Program program = Program.compile(randomOutputs(new Random(5), 300), Codegen.OFF);
    assertThat(program.generateScalarCode(JavaSourceCompiler.JANINO, ScalarCode.Form.WINDOWS))
        .isFalse();
    assertThat(program.hasScalarCode()).isFalse();
  }

  @Test
  void largeProgramsGetWindowCode() {
    assertThat(ScalarCode.Form.of(scalarPlanOf(9_000))).isEqualTo(ScalarCode.Form.STRAIGHT_LINE);
    assertThat(ScalarCode.Form.of(scalarPlanOf(12_001))).isEqualTo(ScalarCode.Form.WINDOWS);
  }

  private static ScalarPlan scalarPlanOf(int instructions) {
    return new ScalarPlan(new int[instructions], null, null, null, null, null, null, null);
  }

  @Test
  void underAutoCodeIsGeneratedInTheBackgroundAfterEightRuns() throws InterruptedException {
    List<Expr> outputs = randomOutputs(new Random(21), 80);
    Program program = Program.compile(outputs, Codegen.AUTO);
    Program.Workspace ws = program.newWorkspace().set("v", Tensor.of(Shape.of(3), 1, 2, 3));
    for (Variable s : SCALARS) {
      ws.set(s.name(), Tensor.scalar(0.5));
    }
    for (int run = 0; run < Codegen.AUTO_AFTER_RUNS - 1; run++) {
      ws.execute();
    }
    Thread.sleep(50);
    assertThat(program.hasScalarCode()).as("before the 8th run").isFalse();
    ws.execute();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!program.hasScalarCode() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(program.hasScalarCode()).as("generated in the background").isTrue();
    Program.Workspace reference =
        Program.compile(outputs, Codegen.OFF)
            .newWorkspace()
            .set("v", Tensor.of(Shape.of(3), 1, 2, 3));
    for (Variable s : SCALARS) {
      ws.set(s.name(), Tensor.scalar(-0.25));
      reference.set(s.name(), Tensor.scalar(-0.25));
    }
    assertSameBits(ws.execute(), reference.execute(), outputs, "-0.25");
  }

  @Test
  void aFailedCompilationLeavesTheInterpreterRunning() {
    List<Expr> outputs = randomOutputs(new Random(3), 60);
    Program program = Program.compile(outputs, Codegen.OFF);
    boolean generated =
        program.generateScalarCode(
            (source, names) -> {
              throw new IllegalStateException("no compiler here");
            });
    assertThat(generated).isFalse();
    assertThat(program.hasScalarCode()).isFalse();
    Program.Workspace ws = program.newWorkspace().set("v", Tensor.of(Shape.of(3), 1, 2, 3));
    Program.Workspace reference =
        Program.compile(outputs, Codegen.OFF)
            .newWorkspace()
            .set("v", Tensor.of(Shape.of(3), 1, 2, 3));
    for (Variable s : SCALARS) {
      ws.set(s.name(), Tensor.scalar(0.25));
      reference.set(s.name(), Tensor.scalar(0.25));
    }
    assertSameBits(ws.execute(), reference.execute(), outputs, "0.25");
  }

  @Test
  void aCompilerThatLinksWrongLeavesTheInterpreterRunning() {
    Program program = Program.compile(randomOutputs(new Random(4), 60), Codegen.OFF);
    assertThat(program.generateScalarCode((source, names) -> new Class<?>[] {Object.class}))
        .isFalse();
    assertThat(program.hasScalarCode()).isFalse();
  }

  @Test
  void aFiniteCheckingProgramIsInterpreted() {
    Program program = Program.compile(List.of(Exprs.log(Exprs.sin(Exprs.mul(X, Y)))), Codegen.ON);
    assertThat(program.hasScalarCode()).isTrue();
    Program checking = program.checkingFinite();
    assertThat(checking.hasScalarCode()).isFalse();
    assertThatThrownBy(
            () ->
                checking
                    .newWorkspace()
                    .set("x", Tensor.scalar(0))
                    .set("y", Tensor.scalar(1))
                    .execute())
        .hasMessageStartingWith("log produced -Infinity");
  }

  @Test
  void thePolicyIsNamedByTheSystemPropertysValue() {
    assertThat(Codegen.parse("off")).isEqualTo(Codegen.OFF);
    assertThat(Codegen.parse(" ON ")).isEqualTo(Codegen.ON);
    assertThat(Codegen.parse("auto")).isEqualTo(Codegen.AUTO);
    assertThatThrownBy(() -> Codegen.parse("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("system property adjoint.codegen is fast; use off, on or auto");
  }
}
