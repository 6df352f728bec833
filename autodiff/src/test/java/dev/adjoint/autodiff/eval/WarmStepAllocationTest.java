package dev.adjoint.autodiff.eval;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.sin;
import static dev.adjoint.autodiff.Exprs.slice;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tanh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.kernel.MatMul;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A warm step (bind the parameters, execute, read the loss, copy the gradients out) allocates
 * nothing, on the calling thread or on Adjoint's worker threads, for the benchmark's kinds of
 * program: the neuron, the 784-128-10 classifier (whose large products are split over two threads),
 * the extended Rosenbrock function, a scalar chain, and a batch split over two threads.
 *
 * <p>Allocation is counted by the JVM per thread ({@code ThreadMXBean.getThreadAllocatedBytes}),
 * which is exact, unlike timing. The bound is under one byte per step on average over a window of
 * steps after a warm-up, in the best of up to {@link #WINDOWS} windows, rather than exactly zero in
 * one: a stray one-off allocation (the JIT deoptimising a method mid-window and re-creating the
 * objects escape analysis had removed, a few hundred bytes once) then does not fail the test, while
 * any allocation that happens on every step (16 bytes at the least) shows in every window and does.
 * The count's own cost (the arrays the bean returns) is measured on an empty window and subtracted.
 */
class WarmStepAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Windows measured at most: a one-off allocation spoils one, a per-step one spoils all. */
  private static final int WINDOWS = 3;

  @Test
  void theNeuronAllocatesNothingPerWarmStep() {
    Random random = new Random(1);
    Variable w = Variable.of("W", 16, 64);
    Variable x = Variable.of("X", 64, 256);
    Variable y = Variable.of("y", 16, 256);
    Expr loss = sum(square(sub(sigmoid(matmul(w, x)), y)));
    Program program = Program.compile(loss, Gradients.of(loss, w).of(w));
    double[] weights = values(random, w.shape());
    Program.Workspace ws =
        program
            .newWorkspace()
            .set(x, values(random, x.shape()), 0)
            .set(y, values(random, y.shape()), 0);
    double[] gradient = new double[w.shape().size()];
    assertAllocatesNothing(
        "neuron 16×64·64×256",
        () -> {
          ws.set(w, weights, 0).execute();
          gradient[0] += ws.scalar(0);
          ws.copyOutput(1, gradient, 0);
        },
        2_000,
        1_000);
  }

  @Test
  void theClassifierAllocatesNothingPerWarmStepWithItsProductsOnTwoThreads() {
    String saved = System.getProperty(MatMul.THREADS_PROPERTY);
    System.setProperty(MatMul.THREADS_PROPERTY, "2");
    try {
      Random random = new Random(2);
      Variable x = Variable.of("X", 64, 784);
      Variable labels = Variable.of("Y", 64, 10);
      List<Variable> parameters =
          List.of(
              Variable.of("W1", 784, 128),
              Variable.of("b1", 128),
              Variable.of("W2", 128, 10),
              Variable.of("b2", 10));
      Expr h = relu(add(matmul(x, parameters.get(0)), parameters.get(1)));
      Expr logits = add(matmul(h, parameters.get(2)), parameters.get(3));
      Expr loss = neg(sum(mul(labels, logSoftmax(logits, 1))).times(1.0 / 64));
      Gradients gradients = Gradients.of(loss, parameters.toArray(new Variable[0]));
      List<Expr> outputs = new ArrayList<>(List.of(loss));
      parameters.forEach(p -> outputs.add(gradients.of(p)));
      Program program = Program.compile(outputs);
      double[] oneHot = new double[64 * 10];
      for (int i = 0; i < 64; i++) {
        oneHot[i * 10 + random.nextInt(10)] = 1;
      }
      Program.Workspace ws =
          program.newWorkspace().set(x, values(random, x.shape()), 0).set(labels, oneHot, 0);
      double[][] values = new double[4][];
      double[][] grads = new double[4][];
      for (int p = 0; p < 4; p++) {
        values[p] = values(random, parameters.get(p).shape());
        for (int i = 0; i < values[p].length; i++) {
          values[p][i] *= 0.05;
        }
        grads[p] = new double[values[p].length];
      }
      assertThat(64L * 784 * 128).isGreaterThanOrEqualTo(1L << 20); // split over the threads
      assertAllocatesNothing(
          "classifier 784-128-10, batch 64, two threads",
          () -> {
            for (int p = 0; p < 4; p++) {
              ws.set(parameters.get(p), values[p], 0);
            }
            ws.execute();
            grads[0][0] += ws.scalar(0);
            for (int p = 0; p < 4; p++) {
              ws.copyOutput(p + 1, grads[p], 0);
            }
          },
          300,
          300);
      assertThat(workerThreads())
          .as("the split products ran on the kernel's workers")
          .anyMatch(t -> t.getName().startsWith("adjoint-matmul-"));
    } finally {
      if (saved == null) {
        System.clearProperty(MatMul.THREADS_PROPERTY);
      } else {
        System.setProperty(MatMul.THREADS_PROPERTY, saved);
      }
    }
  }

  @Test
  void rosenbrockAllocatesNothingPerWarmStep() {
    int n = 100_000;
    Variable point = Variable.of("x", n);
    Expr pairs = reshape(point, n / 2, 2);
    Expr even = slice(pairs, Index.all(), Index.at(0));
    Expr odd = slice(pairs, Index.all(), Index.at(1));
    Expr loss = sum(square(sub(odd, square(even))).times(100).plus(square(sub(constant(1), even))));
    Program program = Program.compile(loss, Gradients.of(loss, point).of(point));
    double[] x = values(new Random(3), point.shape());
    double[] gradient = new double[n];
    Program.Workspace ws = program.newWorkspace();
    assertAllocatesNothing(
        "extended Rosenbrock, n = 10⁵",
        () -> {
          ws.set(point, x, 0).execute();
          gradient[0] += ws.scalar(0);
          ws.copyOutput(1, gradient, 0);
        },
        300,
        300);
  }

  @Test
  void aScalarChainAllocatesNothingPerWarmStep() {
    Variable start = Variable.of("x0");
    Variable a = Variable.of("a");
    Variable b = Variable.of("b");
    Expr chain = start;
    for (int i = 0; i < 3_334; i++) {
      chain = add(mul(sin(chain), a), b);
    }
    Gradients g = Gradients.raw(chain, start, a, b);
    Program program = Program.compile(chain, g.of(start), g.of(a), g.of(b));
    double[] values = {0.3, 0.9, 0.1};
    Program.Workspace ws = program.newWorkspace().set(a, values, 1).set(b, values, 2);
    double[] out = new double[4];
    assertAllocatesNothing(
        "scalar chain of 10⁴ ops",
        () -> {
          ws.set(start, values, 0).execute();
          for (int o = 0; o < 4; o++) {
            out[o] += ws.scalar(o);
          }
        },
        3_000,
        1_000);
  }

  @Test
  void aBatchSplitOverTwoThreadsAllocatesNothingPerWarmRun() {
    int n = 64;
    int d = 8;
    Variable w = Variable.of("W", d, d);
    Variable bias = Variable.of("b", d);
    Random random = new Random(4);
    double[] weights = values(random, w.shape());
    double[] biases = values(random, bias.shape());
    double[] gradient = new double[d * d];
    try (BatchSplit split =
        BatchSplit.of(
            n,
            m -> {
              Variable x = Variable.of("X", m, d);
              Variable y = Variable.of("y", m, d);
              Expr loss = sum(square(tanh(matmul(x, w).plus(bias)).minus(y)));
              Gradients g = Gradients.of(loss, w, bias);
              return Program.compile(loss, g.of(w), g.of(bias));
            },
            List.of("X", "y"),
            2)) {
      split
          .setData("X", values(random, Shape.of(n, d)))
          .setData("y", values(random, Shape.of(n, d)));
      assertAllocatesNothing(
          "batch split, 64 examples on two threads",
          () -> {
            split.set(w, weights, 0).set(bias, biases, 0).execute();
            gradient[0] += split.scalar(0);
            split.copyOutput(1, gradient, 0);
          },
          3_000,
          1_000);
      assertThat(workerThreads()).anyMatch(t -> t.getName().startsWith("adjoint-batch-"));
    }
  }

  /**
   * Runs {@code step} {@code warm} times, then counts what {@code steps} more runs allocate on this
   * thread and on every Adjoint worker thread, and requires under one byte per step in one of up to
   * {@link #WINDOWS} such windows.
   */
  private static void assertAllocatesNothing(String what, Runnable step, int warm, int steps) {
    for (int i = 0; i < warm; i++) {
      step.run();
    }
    // Code generated in the background after a program's first runs is swapped in on a later run:
    // measure after that, as a long-running caller would.
    try {
      Codegen.awaitBackground();
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
    for (int i = 0; i < warm; i++) {
      step.run();
    }
    long[] ids = threadIds();
    long overhead = allocated(ids, () -> {}, 0);
    List<Long> windows = new ArrayList<>();
    long best = Long.MAX_VALUE;
    while (windows.size() < WINDOWS && best >= steps) {
      long bytes = allocated(ids, step, steps) - overhead;
      windows.add(bytes);
      best = Math.min(best, bytes);
    }
    assertThat(best)
        .as(
            "%s: %d bytes over %d warm steps (%.2f per step) on this thread and %d worker threads,"
                + " the best of windows %s",
            what, best, steps, (double) best / steps, ids.length - 1, windows)
        .isLessThan(steps);
  }

  /** Bytes allocated by the threads {@code ids} while {@code step} runs {@code times} times. */
  private static long allocated(long[] ids, Runnable step, int times) {
    long[] before = THREADS.getThreadAllocatedBytes(ids);
    for (int i = 0; i < times; i++) {
      step.run();
    }
    long[] after = THREADS.getThreadAllocatedBytes(ids);
    long total = 0;
    for (int t = 0; t < ids.length; t++) {
      if (before[t] >= 0 && after[t] >= 0) { // -1: the thread has ended
        total += after[t] - before[t];
      }
    }
    return total;
  }

  /** This thread's id first, then those of Adjoint's worker threads alive now. */
  private static long[] threadIds() {
    List<Thread> workers = workerThreads();
    long[] ids = new long[workers.size() + 1];
    ids[0] = Thread.currentThread().getId();
    for (int t = 0; t < workers.size(); t++) {
      ids[t + 1] = workers.get(t).getId();
    }
    return ids;
  }

  private static List<Thread> workerThreads() {
    List<Thread> workers = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("adjoint-")) {
        workers.add(t);
      }
    }
    return workers;
  }

  private static double[] values(Random random, Shape shape) {
    return Tensor.randomNormal(shape, random).toArray();
  }
}
