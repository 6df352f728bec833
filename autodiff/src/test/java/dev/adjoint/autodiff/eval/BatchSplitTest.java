package dev.adjoint.autodiff.eval;

import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.max;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tanh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.loss.Losses;
import dev.adjoint.autodiff.loss.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch split over threads gives the single-workspace result, the same bits on every run, and
 * exactly the sequential left-to-right sum of its chunks.
 */
class BatchSplitTest {
  /** Features and classes: equal, so that a transposed W or a swapped axis shows. */
  private static final int D = 6;

  private static final Variable W = Variable.of("W", D, D);
  private static final Variable B = Variable.of("b", D);

  /**
   * Softmax regression on {@code m} of {@code n} examples: {@code Σ CE(X·W + b, y) / n}, the mean
   * over the whole batch written as a sum, and its gradients.
   */
  private static IntFunction<Program> softmaxRegression(int n) {
    return m -> {
      Variable x = Variable.of("X", m, D);
      Variable y = Variable.of("y", m);
      Expr loss = Losses.crossEntropy(matmul(x, W).plus(B), y, Reduction.SUM).div(n);
      Gradients g = Gradients.of(loss, W, B);
      return Program.compile(loss, g.of(W), g.of(B));
    };
  }

  /** A tanh neuron with a squared error: {@code Σ (tanh(X·W + b) − Y)²}, Y of shape [m×D]. */
  private static IntFunction<Program> neuron() {
    return m -> {
      Variable x = Variable.of("X", m, D);
      Variable y = Variable.of("y", m, D);
      Expr loss = sum(square(tanh(matmul(x, W).plus(B)).minus(y)));
      Gradients g = Gradients.of(loss, W, B);
      return Program.compile(loss, g.of(W), g.of(B));
    };
  }

  private record Batch(Tensor x, Tensor y, Tensor w, Tensor b) {}

  private static Batch batch(int n, boolean labels, long seed) {
    Random random = new Random(seed);
    Tensor x = Tensor.randomNormal(Shape.of(n, D), random);
    Tensor y;
    if (labels) {
      double[] classes = new double[n];
      for (int i = 0; i < n; i++) {
        classes[i] = random.nextInt(D);
      }
      y = Tensor.of(Shape.of(n), classes);
    } else {
      y = Tensor.randomUniform(Shape.of(n, D), -0.9, 0.9, random);
    }
    return new Batch(
        x, y, Tensor.randomNormal(W.shape(), random), Tensor.randomNormal(B.shape(), random));
  }

  private static BatchSplit bind(BatchSplit split, Batch data) {
    return split.set("X", data.x).set("y", data.y).set("W", data.w).set("b", data.b);
  }

  private static List<Tensor> whole(IntFunction<Program> forBatch, Batch data, int n) {
    Program program = forBatch.apply(n);
    Program.Workspace ws = program.newWorkspace();
    ws.set("X", data.x).set("y", data.y).set("W", data.w).set("b", data.b).execute();
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < program.outputs().size(); i++) {
      out.add(ws.output(i));
    }
    return out;
  }

  private static List<Tensor> outputs(BatchSplit split) {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < split.outputShapes().size(); i++) {
      out.add(split.output(i));
    }
    return out;
  }

  private static long[] bits(List<Tensor> tensors) {
    return tensors.stream()
        .flatMapToDouble(t -> Arrays.stream(t.toArray()))
        .mapToLong(Double::doubleToRawLongBits)
        .toArray();
  }

  /** Rows {@code [from, to)} of a tensor whose axis 0 is the batch. */
  private static Tensor rows(Tensor t, int from, int to) {
    int[] dims = t.shape().dims();
    int row = t.size() / dims[0];
    dims[0] = to - from;
    return Tensor.of(Shape.of(dims), Arrays.copyOfRange(t.toArray(), from * row, to * row));
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    int[][] sizes = {{97, 4}, {97, 3}, {10, 3}, {64, 2}, {5, 8}, {1, 2}, {13, 1}};
    for (boolean softmax : new boolean[] {true, false}) {
      for (int[] size : sizes) {
        for (long seed = 1; seed <= 2; seed++) {
          cases.add(
              Arguments.of(softmax ? "softmax regression" : "neuron", size[0], size[1], seed));
        }
      }
    }
    return cases.stream();
  }

  private static IntFunction<Program> model(String name, int n) {
    return name.equals("neuron") ? neuron() : softmaxRegression(n);
  }

  @ParameterizedTest(name = "{0}, batch {1} on {2} threads, seed {3}")
  @MethodSource("cases")
  void equalsTheSingleWorkspaceResult(String model, int n, int threads, long seed) {
    IntFunction<Program> forBatch = model(model, n);
    Batch data = batch(n, model.equals("softmax regression"), seed);
    List<Tensor> expected = whole(forBatch, data, n);
    try (BatchSplit split = BatchSplit.of(n, forBatch, List.of("X", "y"), threads)) {
      List<Tensor> actual = outputs(bind(split, data).execute());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i).isCloseTo(expected.get(i), 1e-12, 1e-14))
            .as(
                "%s output %s, batch %s on %s threads, seed %s: %s vs %s",
                model, i, n, threads, seed, actual.get(i), expected.get(i))
            .isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}, batch {1} on {2} threads, seed {3}")
  @MethodSource("cases")
  void isBitIdenticalAcrossRunsAndEqualsTheSequentialSumOfItsChunks(
      String model, int n, int threads, long seed) {
    IntFunction<Program> forBatch = model(model, n);
    Batch data = batch(n, model.equals("softmax regression"), seed);
    try (BatchSplit split = BatchSplit.of(n, forBatch, List.of("X", "y"), threads)) {
      long[] first = bits(outputs(bind(split, data).execute()));
      for (int run = 1; run < 5; run++) {
        // Re-binding W forces every chunk to recompute rather than keep its values.
        split.set("W", data.w).execute();
        assertThat(bits(outputs(split))).as("run %s, seed %s", run, seed).isEqualTo(first);
      }
      try (BatchSplit fresh = BatchSplit.of(n, forBatch, List.of("X", "y"), threads)) {
        assertThat(bits(outputs(bind(fresh, data).execute()))).as("a fresh split").isEqualTo(first);
      }

      // The reference: each chunk on its own, one after the other, added left to right.
      List<double[]> sums = new ArrayList<>();
      for (int c = 0; c < split.chunkCount(); c++) {
        int from = split.chunkStart(c);
        int to = from + split.chunkSize(c);
        Program.Workspace ws = forBatch.apply(to - from).newWorkspace();
        ws.set("X", rows(data.x, from, to)).set("y", rows(data.y, from, to));
        ws.set("W", data.w).set("b", data.b).execute();
        for (int i = 0; i < split.outputShapes().size(); i++) {
          double[] value = ws.output(i).toArray();
          if (c == 0) {
            sums.add(value);
          } else {
            for (int j = 0; j < value.length; j++) {
              sums.get(i)[j] += value[j];
            }
          }
        }
      }
      List<Tensor> sequential = new ArrayList<>();
      for (int i = 0; i < sums.size(); i++) {
        sequential.add(Tensor.of(split.outputShapes().get(i), sums.get(i)));
      }
      assertThat(first).as("the sequential sum, seed %s", seed).isEqualTo(bits(sequential));
    }
  }

  @Test
  void chunksAreContiguousAndTheFirstOnesHoldTheRemainder() {
    assertThat(BatchSplit.chunkStarts(97, 4)).containsExactly(0, 25, 49, 73, 97);
    assertThat(BatchSplit.chunkStarts(8, 4)).containsExactly(0, 2, 4, 6, 8);
    assertThat(BatchSplit.chunkStarts(3, 3)).containsExactly(0, 1, 2, 3);
    assertThat(BatchSplit.chunkStarts(7, 1)).containsExactly(0, 7);
  }

  @Test
  void aBatchSmallerThanTheThreadCountUsesOneChunkPerExample() {
    try (BatchSplit split = BatchSplit.of(3, neuron(), List.of("X", "y"), 8)) {
      assertThat(split.chunkCount()).isEqualTo(3);
      assertThat(split.chunkSize(2)).isEqualTo(1);
    }
  }

  /**
   * The contract matters: the largest per-example loss is not additive over the examples, so the
   * split adds the chunks' maxima, which is larger than the batch's maximum; likewise a mean over
   * each chunk ({@link Reduction#MEAN}) is not the batch's mean.
   */
  @Test
  void aLossThatIsNotASumOverTheExamplesGivesAnotherResult() {
    int n = 97;
    Batch data = batch(n, false, 11);
    IntFunction<Program> largest =
        m -> {
          Variable x = Variable.of("X", m, D);
          Variable y = Variable.of("y", m, D);
          return Program.compile(max(sum(square(tanh(matmul(x, W).plus(B)).minus(y)), 1)));
        };
    double expected = whole(largest, data, n).get(0).item();
    try (BatchSplit split = BatchSplit.of(n, largest, List.of("X", "y"), 4)) {
      double split4 = bind(split, data).execute().scalar(0);
      assertThat(split4).isGreaterThan(expected * 1.5);
    }

    IntFunction<Program> chunkMean =
        m -> {
          Variable x = Variable.of("X", m, D);
          Variable y = Variable.of("y", m, D);
          return Program.compile(Losses.mse(tanh(matmul(x, W).plus(B)), y, Reduction.MEAN));
        };
    IntFunction<Program> batchMean =
        m -> {
          Variable x = Variable.of("X", m, D);
          Variable y = Variable.of("y", m, D);
          return Program.compile(
              Losses.mse(tanh(matmul(x, W).plus(B)), y, Reduction.SUM).div((double) n * D));
        };
    double mean = whole(chunkMean, data, n).get(0).item();
    try (BatchSplit wrong = BatchSplit.of(n, chunkMean, List.of("X", "y"), 4);
        BatchSplit right = BatchSplit.of(n, batchMean, List.of("X", "y"), 4)) {
      assertThat(bind(wrong, data).execute().scalar(0)).isGreaterThan(mean * 3.5);
      assertThat(bind(right, data).execute().scalar(0)).isCloseTo(mean, within(mean));
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(1e-12 * Math.abs(value));
  }

  @Test
  void aDataValueWithAnotherBatchSizeIsRefused() {
    Batch data = batch(97, false, 3);
    try (BatchSplit split = BatchSplit.of(97, neuron(), List.of("X", "y"), 4)) {
      split.set("X", data.x);
      assertThatThrownBy(() -> split.set("y", rows(data.y, 0, 96)))
          .isInstanceOf(BindingException.class)
          .hasMessage(
              "data variable y is bound to a value of shape [96×6]: its axis 0 must be the batch"
                  + " size 97, as for every data variable");
      assertThatThrownBy(() -> split.set("y", Tensor.zeros(97, 5)))
          .isInstanceOf(BindingException.class)
          .hasMessage(
              "data variable y is bound to a value of shape [97×5], but the program's rows have"
                  + " shape [6]");
      assertThatThrownBy(() -> split.setData("y", new double[97 * 5]))
          .isInstanceOf(BindingException.class)
          .hasMessage("data variable y needs 582 values (97 rows of [6]), but the array has 485");
    }
  }

  @Test
  void anOutputWhoseShapeDependsOnTheChunkIsRefused() {
    IntFunction<Program> perExample =
        m -> {
          Variable x = Variable.of("X", m, D);
          return Program.compile(sum(matmul(x, W)), sum(matmul(x, W), 1));
        };
    assertThatThrownBy(() -> BatchSplit.of(97, perExample, List.of("X"), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching(
            "output 1 has shape \\[2[45]\\] for a chunk of 2[45] examples but \\[2[45]\\] for"
                + " 2[45]: every output must be a sum over the examples, whose shape does not"
                + " depend on their number");
  }

  @Test
  void aProgramWhoseDataDoesNotHaveTheChunkSizeIsRefused() {
    IntFunction<Program> fixed = m -> neuron().apply(97);
    assertThatThrownBy(() -> BatchSplit.of(97, fixed, List.of("X", "y"), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the program for a chunk of 25 examples has data variable X of shape [97×6]: its axis"
                + " 0 must be the chunk's size");
    assertThatThrownBy(() -> BatchSplit.of(97, neuron(), List.of("X", "Z"), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("data variable Z is not in the program; its variables are");
  }

  @Test
  void aChunkThatFailsReportsItsWorkspacesError() {
    Batch data = batch(10, false, 4);
    try (BatchSplit split = BatchSplit.of(10, neuron(), List.of("X", "y"), 3)) {
      split.set("X", data.x).set("y", data.y).set("W", data.w);
      assertThatThrownBy(split::execute)
          .isInstanceOf(BindingException.class)
          .hasMessageStartingWith("no value for variable b of shape [6]");
      double expected = whole(neuron(), data, 10).get(0).item();
      assertThat(split.set("b", data.b).execute().scalar(0)).isCloseTo(expected, within(expected));
    }
  }

  @Test
  void aParameterSetFromAFlatArrayReachesEveryChunk() {
    Batch data = batch(33, false, 5);
    try (BatchSplit split = BatchSplit.of(33, neuron(), List.of("X", "y"), 4)) {
      bind(split, data).execute();
      double[] flat = new double[W.shape().size() + 3];
      Arrays.fill(flat, 0.25);
      split.set(W, flat, 3).execute();
      Batch changed = new Batch(data.x, data.y, Tensor.full(W.shape(), 0.25), data.b);
      List<Tensor> expected = whole(neuron(), changed, 33);
      assertThat(split.output(1).isCloseTo(expected.get(1), 1e-12, 1e-14)).isTrue();
    }
  }
}
