package dev.adjoint.autodiff;

import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the thread-safety notes promise: one {@link Program} shared by eight threads gives results
 * bit-identical to a single thread's, and eight threads hash-consing the same expressions at once
 * get the very same nodes.
 */
class ConcurrencyTest {
  private static final int THREADS = 8;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Runs {@code task(t)} on each of the eight threads, all starting together; returns results. */
  private <T> List<T> onEightThreads(IntFunction<T> task) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<T>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      Callable<T> call =
          () -> {
            start.await(10, TimeUnit.SECONDS);
            return task.apply(thread);
          };
      futures.add(pool.submit(call));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(120, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void eightThreadsSharingOneProgramGetBitIdenticalResults() throws Exception {
    // A product large enough for the EJML path (per-thread wrappers) and a scalar chain (the
    // scalar fast path), with gradients, in one program.
    Variable w = Variable.of("cw", 16, 32);
    Variable x = Variable.of("cx", 32, 64);
    Variable y = Variable.of("cy", 16, 64);
    Expr neuron = sum(square(sigmoid(w.matmul(x)).minus(y)));
    ScalarChainFixture chain = ScalarChainFixture.build("c", 500);
    List<Expr> outputs = new ArrayList<>(List.of(neuron, neuron.gradient(w).of(w)));
    outputs.addAll(chain.outputs());
    Program program = Program.compile(outputs);

    int points = 16;
    List<Bindings> at = new ArrayList<>();
    List<List<long[]>> expected = new ArrayList<>();
    for (int k = 0; k < points; k++) {
      Random r = new Random(k);
      Bindings b =
          Bindings.copyOf(
              java.util.Map.of(
                  "cw", Tensor.randomNormal(w.shape(), r),
                  "cx", Tensor.randomNormal(x.shape(), r),
                  "cy", Tensor.randomUniform(y.shape(), 0, 1, r),
                  "cx0", Tensor.scalar(r.nextGaussian()),
                  "ca", Tensor.scalar(0.9),
                  "cb", Tensor.scalar(0.1)));
      at.add(b);
      expected.add(bits(Program.compile(outputs).run(b)));
    }

    int runs = 300;
    List<Integer> checked =
        onEightThreads(
            thread -> {
              Program.Workspace own = program.newWorkspace();
              int n = 0;
              for (int run = 0; run < runs; run++) {
                int k = (thread * 7 + run) % points;
                List<Tensor> values;
                if (run % 2 == 0) {
                  values = program.run(at.get(k)); // pooled workspaces
                } else {
                  own.bind(at.get(k)).execute();
                  values = new ArrayList<>();
                  for (int o = 0; o < outputs.size(); o++) {
                    values.add(own.output(o));
                  }
                }
                List<long[]> got = bits(values);
                for (int o = 0; o < got.size(); o++) {
                  if (!java.util.Arrays.equals(got.get(o), expected.get(k).get(o))) {
                    throw new AssertionError(
                        "thread "
                            + thread
                            + ", run "
                            + run
                            + ", point "
                            + k
                            + ": output "
                            + o
                            + " differs from the single-threaded result");
                  }
                }
                n++;
              }
              return n;
            });
    assertThat(checked).hasSize(THREADS).allMatch(n -> n == runs);
  }

  @Test
  void eightThreadsBuildingTheSameExpressionsGetTheSameNodes() throws Exception {
    int size = 20_000;
    List<List<Expr>> built = onEightThreads(thread -> RandomGraph.build("h", 42, size));
    List<Expr> first = built.get(0);
    assertThat(first).hasSize(size);
    for (int t = 1; t < THREADS; t++) {
      List<Expr> other = built.get(t);
      for (int i = 0; i < size; i++) {
        if (other.get(i) != first.get(i)) {
          throw new AssertionError(
              "thread "
                  + t
                  + " built another node than thread 0 at step "
                  + i
                  + ": "
                  + dev.adjoint.autodiff.print.PlainPrinter.brief(other.get(i)));
        }
      }
    }
    // and the same nodes again, built later by one thread
    List<Expr> again = RandomGraph.build("h", 42, size);
    for (int i = 0; i < size; i++) {
      assertThat(again.get(i)).isSameAs(first.get(i));
    }
  }

  private static List<long[]> bits(List<Tensor> values) {
    List<long[]> bits = new ArrayList<>();
    for (Tensor t : values) {
      double[] data = t.toArray();
      long[] b = new long[data.length];
      for (int i = 0; i < data.length; i++) {
        b[i] = Double.doubleToRawLongBits(data[i]);
      }
      bits.add(b);
    }
    return bits;
  }
}
