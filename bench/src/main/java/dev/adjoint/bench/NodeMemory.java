package dev.adjoint.bench;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.sin;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.print.DotExporter;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.print.Printer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Measures the heap that graphs, gradients and programs hold, in bytes per node: the scalar chain
 * {@code x ← sin(x)·a + b} ({@link ScalarChain}) is built, differentiated (raw, then simplified
 * unless {@code --no-simplify}), compiled, evaluated, printed and exported to DOT, and after each
 * stage the heap in use is read after forcing collection.
 *
 * <p>Run: {@code java -Xmx1g -cp bench/target/benchmarks.jar dev.adjoint.bench.NodeMemory 333333}.
 * The figures are what each stage keeps reachable (retained size), not the peak during the stage;
 * the peak shows as the smallest {@code -Xmx} with which the run completes.
 */
public final class NodeMemory {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private NodeMemory() {}

  /**
   * Arguments: the number of steps of the chain, then optional flags {@code --no-simplify}, {@code
   * --no-print}.
   */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    boolean simplify = !List.of(args).contains("--no-simplify");
    boolean print = !List.of(args).contains("--no-print");
    System.out.printf(
        Locale.ROOT,
        "chain of %,d steps; max heap %,d MB; %s%n",
        steps,
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.version"));
    System.out.printf(
        Locale.ROOT,
        "%-28s %12s %12s %12s %10s%n",
        "stage",
        "nodes",
        "heap (MB)",
        "bytes/node",
        "time (s)");
    long base = usedAfterGc();

    Variable x0 = Variable.of("x0");
    Variable a = Variable.of("a");
    Variable b = Variable.of("b");
    long t = System.nanoTime();
    Expr x = x0;
    for (int i = 0; i < steps; i++) {
      x = add(mul(sin(x), a), b);
    }
    Expr loss = x;
    double buildTime = seconds(t);
    int forwardNodes = Graph.size(loss);
    long built = usedAfterGc();
    row("built (forward)", forwardNodes, built - base, buildTime);
    histogram("building");

    t = System.nanoTime();
    Gradients raw = Gradients.raw(loss, x0, a, b);
    double rawTime = seconds(t);
    List<Expr> outputs = new ArrayList<>(List.of(loss));
    outputs.addAll(raw.list());
    int allNodes = Graph.topologicalOrder(outputs).size();
    long differentiated = usedAfterGc();
    row("raw gradient (new nodes)", allNodes - forwardNodes, differentiated - built, rawTime);
    row("loss + raw gradient", allNodes, differentiated - base, Double.NaN);
    histogram("differentiating");

    t = System.nanoTime();
    Program program = Program.compile(outputs);
    double compileTime = seconds(t);
    long compiled = usedAfterGc();
    row("program (compiled)", program.size(), compiled - differentiated, compileTime);
    histogram("compiling");

    Bindings bindings =
        Bindings.of("x0", Tensor.scalar(0.3), "a", Tensor.scalar(0.9), "b", Tensor.scalar(0.1));
    Program.Workspace workspace = program.newWorkspace().bind(bindings);
    long withWorkspace = usedAfterGc();
    row("workspace", program.size(), withWorkspace - compiled, Double.NaN);
    t = System.nanoTime();
    workspace.execute();
    double runTime = seconds(t);
    row("evaluate (one run)", program.size(), 0, runTime);
    System.out.printf(
        Locale.ROOT,
        "  L = %s, dL/dx0 = %s, dL/da = %s, dL/db = %s%n",
        workspace.scalar(0),
        workspace.scalar(1),
        workspace.scalar(2),
        workspace.scalar(3));
    int programSize = program.size();
    row("total retained", programSize, usedAfterGc() - base, Double.NaN);
    histogram("evaluating");
    System.out.println(program.size() + workspace.scalar(0)); // keeps both reachable above

    if (print) {
      t = System.nanoTime();
      String plain = PlainPrinter.print(loss);
      row("plain print of the loss", forwardNodes, plain.length() * 2L, seconds(t));
      plain = null;
      t = System.nanoTime();
      String unicode = Printer.unicode().print(raw.of(x0));
      row("unicode print of dL/dx0", Graph.size(raw.of(x0)), unicode.length() * 2L, seconds(t));
      unicode = null;
      t = System.nanoTime();
      String dot = DotExporter.export(loss, raw);
      row("DOT of loss + gradient", allNodes, dot.length() * 2L, seconds(t));
      dot = null;
    }

    workspace = null;
    program = null;
    if (simplify) {
      long before = usedAfterGc();
      t = System.nanoTime();
      Gradients simplified = Gradients.of(loss, x0, a, b);
      double simplifyTime = seconds(t);
      List<Expr> simplifiedOutputs = new ArrayList<>(List.of(simplified.output()));
      simplifiedOutputs.addAll(simplified.list());
      int simplifiedNodes = Graph.topologicalOrder(simplifiedOutputs).size();
      row("simplified gradient", simplifiedNodes, usedAfterGc() - before, simplifyTime);
    }
    System.out.println("(heap column: retained by the stage; for prints, the text's size)");
  }

  private static void row(String stage, int nodes, long bytes, double seconds) {
    System.out.printf(
        Locale.ROOT,
        "%-28s %,12d %12.1f %12.1f %10.2f%n",
        stage,
        nodes,
        bytes / 1048576.0,
        (double) bytes / nodes,
        seconds);
  }

  /** With {@code -Dhistogram=true}, prints the 12 classes that take the most heap. */
  private static void histogram(String stage) {
    if (!Boolean.getBoolean("histogram")) {
      return;
    }
    try {
      String text =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {null},
                      new String[] {String[].class.getName()});
      System.out.println("  class histogram after " + stage + ":");
      text.lines().limit(15).forEach(line -> System.out.println("  " + line));
    } catch (JMException e) {
      System.out.println("  no class histogram: " + e);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** The heap in use after forcing collection, once it has settled. */
  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = MEMORY.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return now;
      }
      used = now;
    }
    return used;
  }
}
