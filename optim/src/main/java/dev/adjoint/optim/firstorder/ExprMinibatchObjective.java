package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.optim.ExprObjective;
import dev.adjoint.optim.StochasticObjective;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minibatch objective from an {@code Expr} loss written for one batch of B examples: each data
 * variable (features, targets, …) has shape [B, …] in the loss and is given a data tensor of shape
 * [N, …] holding all N examples along axis 0.
 *
 * <p>Draw t binds the data variables to the rows of batch t and evaluates the batch loss L(x; batch
 * t) and its gradient through one compiled program ({@link ExprObjective}). Batches are shuffled
 * epoch by epoch exactly as in {@link MinibatchObjective} (Fisher–Yates by {@code new
 * java.util.Random(seed + epoch)}), with K = ⌊N / B⌋ batches per epoch: the examples left over by
 * an epoch's shuffle are skipped in that epoch (torch's {@code drop_last=True}), because the
 * compiled shapes are fixed.
 *
 * <p>The full objective is the mean of the batch losses over the K consecutive batches in natural
 * order, f(x) = (1/K) Σ_k L(x; examples kB … kB + B − 1); for a mean-reduced batch loss and N
 * divisible by B it is the mean loss over all examples. Hessian-vector products average likewise.
 *
 * <p>Not thread-safe.
 */
public final class ExprMinibatchObjective implements StochasticObjective {
  private final ExprObjective objective;
  private final ImmutableList<Variable> dataVariables;
  private final double[][] data;
  private final double[][] batchBuffers;
  private final int[] rowSizes;
  private final int batchSize;
  private final EpochShuffle shuffle;

  private ExprMinibatchObjective(
      ExprObjective objective,
      List<Variable> dataVariables,
      double[][] data,
      int exampleCount,
      int batchSize,
      long seed) {
    this.objective = objective;
    this.dataVariables = ImmutableList.copyOf(dataVariables);
    this.data = data;
    this.batchSize = batchSize;
    this.rowSizes = new int[dataVariables.size()];
    this.batchBuffers = new double[dataVariables.size()][];
    for (int k = 0; k < dataVariables.size(); k++) {
      rowSizes[k] = dataVariables.get(k).shape().size() / batchSize;
      batchBuffers[k] = new double[dataVariables.get(k).shape().size()];
    }
    this.shuffle = new EpochShuffle(exampleCount, batchSize, exampleCount / batchSize, seed);
  }

  /**
   * A minibatch objective over the {@code parameters} of {@code batchLoss}.
   *
   * @param batchLoss a scalar loss of one batch
   * @param parameters the variables optimised, laid end to end in the point
   * @param data for each data variable of shape [B, …], a tensor of shape [N, …] with the same
   *     trailing dimensions; all with the same N ≥ B
   * @param constants bindings for every other variable of the loss
   * @param seed the shuffling seed
   * @throws IllegalArgumentException if shapes do not fit, N &lt; B, or a variable is unbound
   */
  public static ExprMinibatchObjective of(
      Expr batchLoss,
      List<Variable> parameters,
      Map<Variable, Tensor> data,
      Bindings constants,
      long seed) {
    checkArgument(data != null && !data.isEmpty(), "no data variables");
    checkArgument(constants != null, "constants are null (use Bindings.of())");
    int batchSize = -1;
    int exampleCount = -1;
    Map<Variable, Tensor> ordered = new LinkedHashMap<>(data);
    double[][] flat = new double[ordered.size()][];
    Bindings withFirstBatch = constants;
    int k = 0;
    for (Map.Entry<Variable, Tensor> entry : ordered.entrySet()) {
      Variable variable = entry.getKey();
      Tensor tensor = entry.getValue();
      checkArgument(variable != null && tensor != null, "null data variable or tensor");
      Shape shape = variable.shape();
      Shape dataShape = tensor.shape();
      checkArgument(
          shape.rank() >= 1 && dataShape.rank() == shape.rank(),
          "data variable %s has shape %s but its data has shape %s; the data must add the"
              + " examples along axis 0",
          variable.name(),
          shape,
          dataShape);
      for (int axis = 1; axis < shape.rank(); axis++) {
        checkArgument(
            shape.dim(axis) == dataShape.dim(axis),
            "data variable %s has shape %s but its data has shape %s",
            variable.name(),
            shape,
            dataShape);
      }
      if (batchSize < 0) {
        batchSize = shape.dim(0);
        exampleCount = dataShape.dim(0);
      }
      checkArgument(
          shape.dim(0) == batchSize && dataShape.dim(0) == exampleCount,
          "all data variables need the same batch size and example count; %s has %s of %s",
          variable.name(),
          shape.dim(0),
          dataShape.dim(0));
      flat[k++] = tensor.toArray();
      double[] firstRows = Arrays.copyOf(flat[k - 1], shape.size());
      withFirstBatch = withFirstBatch.with(variable, Tensor.of(shape, firstRows));
    }
    checkArgument(
        exampleCount >= batchSize,
        "the data has %s examples, fewer than the batch size %s",
        exampleCount,
        batchSize);
    ExprObjective objective = ExprObjective.of(batchLoss, parameters, withFirstBatch);
    return new ExprMinibatchObjective(
        objective, List.copyOf(ordered.keySet()), flat, exampleCount, batchSize, seed);
  }

  /** The underlying batch objective (its data variables hold the latest batch). */
  public ExprObjective batchObjective() {
    return objective;
  }

  /** The number K = ⌊N / B⌋ of batches per epoch. */
  public int batchesPerEpoch() {
    return shuffle.batchesPerEpoch();
  }

  /** The example indices of draw t. */
  public int[] batch(long draw) {
    return shuffle.batch(draw);
  }

  @Override
  public int dimension() {
    return objective.dimension();
  }

  @Override
  public double sampleValueAndGradient(long draw, double[] x, double[] gradient) {
    bind(shuffle.batch(draw));
    return objective.valueAndGradient(x, gradient);
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    checkArgument(
        gradient != null && gradient.length == dimension(),
        "gradient must have length %s",
        dimension());
    int batches = shuffle.batchesPerEpoch();
    double[] batchGradient = new double[dimension()];
    Arrays.fill(gradient, 0);
    double value = 0;
    for (int k = 0; k < batches; k++) {
      bindConsecutive(k);
      value += objective.valueAndGradient(x, batchGradient);
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] += batchGradient[i];
      }
    }
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] /= batches;
    }
    return value / batches;
  }

  @Override
  public boolean hasHessianVectorProduct() {
    return true;
  }

  @Override
  public void hessianVectorProduct(double[] x, double[] v, double[] result) {
    checkArgument(
        result != null && result.length == dimension(), "result must have length %s", dimension());
    int batches = shuffle.batchesPerEpoch();
    double[] batchProduct = new double[dimension()];
    Arrays.fill(result, 0);
    for (int k = 0; k < batches; k++) {
      bindConsecutive(k);
      objective.hessianVectorProduct(x, v, batchProduct);
      for (int i = 0; i < result.length; i++) {
        result[i] += batchProduct[i] / batches;
      }
    }
  }

  private void bindConsecutive(int batchIndex) {
    int[] rows = new int[batchSize];
    for (int r = 0; r < batchSize; r++) {
      rows[r] = batchIndex * batchSize + r;
    }
    bind(rows);
  }

  private void bind(int[] rows) {
    for (int k = 0; k < dataVariables.size(); k++) {
      int rowSize = rowSizes[k];
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(data[k], rows[r] * rowSize, batchBuffers[k], r * rowSize, rowSize);
      }
      objective.setConstant(dataVariables.get(k), batchBuffers[k], 0);
    }
  }
}
