package dev.adjoint.bench;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.BatchSplit;
import dev.adjoint.autodiff.eval.Program;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The 784-128-10 classifier's loss and four gradients on a batch of {@value #BATCH} (64·4), split
 * by {@link BatchSplit} over {@code threads} threads: 1 is a single workspace's cost plus the
 * reduction, 2 shows what a second core buys.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BatchSplitBenchmark {
  static final int BATCH = 256;

  @Param({"1", "2"})
  public int threads;

  private final Variable w1 = Variable.of("W1", Classifier.IN, Classifier.HIDDEN);
  private final Variable b1 = Variable.of("b1", Classifier.HIDDEN);
  private final Variable w2 = Variable.of("W2", Classifier.HIDDEN, Classifier.CLASSES);
  private final Variable b2 = Variable.of("b2", Classifier.CLASSES);
  private final double[][] parameterValues = new double[4][];
  private final double[][] gradients = new double[4][];
  private BatchSplit split;

  /** {@code −Σ Y ⊙ log_softmax(relu(X·W₁ + b₁)·W₂ + b₂) / BATCH} on {@code m} rows. */
  private Program program(int m) {
    Variable x = Variable.of("X", m, Classifier.IN);
    Variable y = Variable.of("Y", m, Classifier.CLASSES);
    Expr logits = add(matmul(relu(add(matmul(x, w1), b1)), w2), b2);
    Expr loss = neg(sum(mul(y, logSoftmax(logits, 1))).times(1.0 / BATCH));
    Gradients g = Gradients.of(loss, w1, b1, w2, b2);
    return Program.compile(List.of(loss, g.of(w1), g.of(b1), g.of(w2), g.of(b2)));
  }

  /** Compiles the chunk programs and binds the data once. */
  @Setup
  public void setUp() {
    Random random = new Random(11);
    double[] y = new double[BATCH * Classifier.CLASSES];
    for (int i = 0; i < BATCH; i++) {
      y[i * Classifier.CLASSES + random.nextInt(Classifier.CLASSES)] = 1;
    }
    split = BatchSplit.of(BATCH, this::program, List.of("X", "Y"), threads);
    split.setData("X", Tensor.randomNormal(Shape.of(BATCH, Classifier.IN), random).toArray());
    split.setData("Y", y);
    List<Variable> parameters = List.of(w1, b1, w2, b2);
    for (int p = 0; p < 4; p++) {
      Variable v = parameters.get(p);
      double[] values = Tensor.randomNormal(v.shape(), random).toArray();
      for (int i = 0; i < values.length; i++) {
        values[i] /= Math.sqrt(v.shape().dim(0));
      }
      parameterValues[p] = values;
      gradients[p] = new double[values.length];
    }
  }

  /** Stops the worker threads. */
  @TearDown
  public void tearDown() {
    split.close();
  }

  /** One step: set the parameters, run every chunk, add them, copy the gradients out. */
  @Benchmark
  public void adjoint(Blackhole blackhole) {
    split.set(w1, parameterValues[0], 0).set(b1, parameterValues[1], 0);
    split.set(w2, parameterValues[2], 0).set(b2, parameterValues[3], 0);
    split.execute();
    blackhole.consume(split.scalar(0));
    for (int p = 0; p < 4; p++) {
      split.copyOutput(p + 1, gradients[p], 0);
    }
    blackhole.consume(gradients);
  }
}
