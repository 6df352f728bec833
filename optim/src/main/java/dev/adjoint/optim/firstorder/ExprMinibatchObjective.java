package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.optim.BatchResizing;
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
 * java.util.Random(seed + epoch)}). When B does not divide N, the last N mod B examples of each
 * epoch's shuffle form a smaller batch with {@link LastBatch#KEEP} (the default, as PyTorch's
 * {@code drop_last=False}; ⌈N / B⌉ batches per epoch, every example seen once per epoch) or are
 * skipped in that epoch with {@link LastBatch#DROP} (⌊N / B⌋ batches per epoch).
 *
 * <p>The smaller batch is evaluated by the loss rebuilt for m = N mod B examples ({@link
 * BatchResizing}) and compiled once, when the objective is made: a {@code mean} in the loss then
 * averages over the m examples of that batch, not over B. A loss that fixes the number of examples
 * (a literal {@code / B}, a constant or reshape of B rows) cannot be rebuilt; it is rejected by
 * {@code of} with {@link LastBatch#KEEP}, and works with {@link LastBatch#DROP}.
 *
 * <p>The full objective is the batch losses over the batches in natural order (examples kB … kB + B
 * − 1, and the smaller last batch when kept), weighted by their sizes: f(x) = Σ_k (n_k / n) L(x;
 * batch k) with n = Σ_k n_k. For a mean-reduced batch loss it is the mean loss over those n
 * examples: all N when keeping the last batch, ⌊N / B⌋·B when dropping it. Hessian-vector products
 * are weighted likewise.
 *
 * <p>Not thread-safe.
 */
public final class ExprMinibatchObjective implements StochasticObjective {
  private final ExprObjective objective;
  private final ExprObjective lastObjective;
  private final ImmutableList<Variable> dataVariables;
  private final ImmutableList<Variable> lastDataVariables;
  private final double[][] data;
  private final double[][] batchBuffers;
  private final double[][] lastBuffers;
  private final int[] rowSizes;
  private final int batchSize;
  private final int lastSize;
  private final LastBatch lastBatch;
  private final EpochShuffle shuffle;

  private ExprMinibatchObjective(
      ExprObjective objective,
      ExprObjective lastObjective,
      List<Variable> dataVariables,
      double[][] data,
      int exampleCount,
      int batchSize,
      LastBatch lastBatch,
      long seed) {
    this.objective = objective;
    this.lastObjective = lastObjective;
    this.dataVariables = ImmutableList.copyOf(dataVariables);
    this.data = data;
    this.batchSize = batchSize;
    this.lastBatch = lastBatch;
    this.lastSize = lastObjective == null ? 0 : exampleCount % batchSize;
    this.rowSizes = new int[dataVariables.size()];
    this.batchBuffers = new double[dataVariables.size()][];
    this.lastBuffers = new double[dataVariables.size()][];
    ImmutableList.Builder<Variable> resized = ImmutableList.builder();
    for (int k = 0; k < dataVariables.size(); k++) {
      Variable variable = dataVariables.get(k);
      rowSizes[k] = variable.shape().size() / batchSize;
      batchBuffers[k] = new double[variable.shape().size()];
      lastBuffers[k] = new double[rowSizes[k] * lastSize];
      resized.add(withRows(variable, Math.max(lastSize, 1)));
    }
    this.lastDataVariables = resized.build();
    this.shuffle =
        new EpochShuffle(
            exampleCount, batchSize, lastBatch.batchesPerEpoch(exampleCount, batchSize), seed);
  }

  /**
   * A minibatch objective over the {@code parameters} of {@code batchLoss} that keeps the last,
   * smaller batch of each epoch ({@link LastBatch#KEEP}).
   *
   * @param batchLoss a scalar loss of one batch
   * @param parameters the variables optimised, laid end to end in the point
   * @param data for each data variable of shape [B, …], a tensor of shape [N, …] with the same
   *     trailing dimensions; all with the same N ≥ B
   * @param constants bindings for every other variable of the loss
   * @param seed the shuffling seed
   * @throws IllegalArgumentException if shapes do not fit, N &lt; B, a variable is unbound, or B
   *     does not divide N and the loss cannot be rebuilt for the smaller last batch
   */
  public static ExprMinibatchObjective of(
      Expr batchLoss,
      List<Variable> parameters,
      Map<Variable, Tensor> data,
      Bindings constants,
      long seed) {
    return of(batchLoss, parameters, data, constants, LastBatch.KEEP, seed);
  }

  /**
   * A minibatch objective over the {@code parameters} of {@code batchLoss} that keeps or drops the
   * last, smaller batch of each epoch.
   *
   * @param batchLoss a scalar loss of one batch
   * @param parameters the variables optimised, laid end to end in the point
   * @param data for each data variable of shape [B, …], a tensor of shape [N, …] with the same
   *     trailing dimensions; all with the same N ≥ B
   * @param constants bindings for every other variable of the loss
   * @param lastBatch whether the last N mod B examples of an epoch form a smaller batch
   * @param seed the shuffling seed
   * @throws IllegalArgumentException if shapes do not fit, N &lt; B, a variable is unbound, or the
   *     last batch is kept, B does not divide N and the loss cannot be rebuilt for it
   */
  public static ExprMinibatchObjective of(
      Expr batchLoss,
      List<Variable> parameters,
      Map<Variable, Tensor> data,
      Bindings constants,
      LastBatch lastBatch,
      long seed) {
    checkArgument(data != null && !data.isEmpty(), "no data variables");
    checkArgument(constants != null, "constants are null (use Bindings.of())");
    checkArgument(lastBatch != null, "last-batch choice is null (LastBatch.KEEP or DROP)");
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
    int lastSize = exampleCount % batchSize;
    ExprObjective lastObjective = null;
    if (lastBatch == LastBatch.KEEP && lastSize > 0) {
      lastObjective = lastBatchObjective(batchLoss, parameters, ordered, flat, constants, lastSize);
    }
    return new ExprMinibatchObjective(
        objective,
        lastObjective,
        List.copyOf(ordered.keySet()),
        flat,
        exampleCount,
        batchSize,
        lastBatch,
        seed);
  }

  /** The objective of the loss rebuilt for the last batch of {@code lastSize} examples. */
  private static ExprObjective lastBatchObjective(
      Expr batchLoss,
      List<Variable> parameters,
      Map<Variable, Tensor> data,
      double[][] flat,
      Bindings constants,
      int lastSize) {
    Map<Variable, Integer> rows = new LinkedHashMap<>();
    Bindings withLastBatch = constants;
    int k = 0;
    for (Variable variable : data.keySet()) {
      rows.put(variable, lastSize);
      Variable resized = withRows(variable, lastSize);
      double[] firstRows = Arrays.copyOf(flat[k++], resized.shape().size());
      withLastBatch = withLastBatch.with(resized, Tensor.of(resized.shape(), firstRows));
    }
    Expr lastLoss;
    try {
      lastLoss = BatchResizing.resize(batchLoss, rows);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "the last batch of each epoch has %s, fewer than the batch size, and %s; use"
                  + " LastBatch.DROP to skip it",
              lastSize == 1 ? "1 example" : lastSize + " examples", e.getMessage()),
          e);
    }
    return ExprObjective.of(lastLoss, parameters, withLastBatch);
  }

  private static Variable withRows(Variable variable, int rows) {
    int[] dims = variable.shape().dims();
    dims[0] = rows;
    return Variable.of(variable.name(), Shape.of(dims));
  }

  /** The underlying batch objective (its data variables hold the latest full-size batch). */
  public ExprObjective batchObjective() {
    return objective;
  }

  /** Whether the last, smaller batch of an epoch is kept or dropped. */
  public LastBatch lastBatch() {
    return lastBatch;
  }

  /** The number K of batches per epoch: ⌈N / B⌉ when keeping the last batch, ⌊N / B⌋ when not. */
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
    return bind(shuffle.batch(draw)).valueAndGradient(x, gradient);
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    checkArgument(
        gradient != null && gradient.length == dimension(),
        "gradient must have length %s",
        dimension());
    int batches = shuffle.batchesPerEpoch();
    double covered = (double) (batches - (lastSize > 0 ? 1 : 0)) * batchSize + lastSize;
    double[] batchGradient = new double[dimension()];
    Arrays.fill(gradient, 0);
    double value = 0;
    for (int k = 0; k < batches; k++) {
      int[] rows = consecutive(k);
      double weight = rows.length / covered;
      value += weight * bind(rows).valueAndGradient(x, batchGradient);
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] += weight * batchGradient[i];
      }
    }
    return value;
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
    double covered = (double) (batches - (lastSize > 0 ? 1 : 0)) * batchSize + lastSize;
    double[] batchProduct = new double[dimension()];
    Arrays.fill(result, 0);
    for (int k = 0; k < batches; k++) {
      int[] rows = consecutive(k);
      double weight = rows.length / covered;
      bind(rows).hessianVectorProduct(x, v, batchProduct);
      for (int i = 0; i < result.length; i++) {
        result[i] += weight * batchProduct[i];
      }
    }
  }

  /** The examples of batch k in natural order: kB … kB + B − 1, or fewer for a kept last batch. */
  private int[] consecutive(int batchIndex) {
    int from = batchIndex * batchSize;
    int count = batchIndex == shuffle.batchesPerEpoch() - 1 && lastSize > 0 ? lastSize : batchSize;
    int[] rows = new int[count];
    for (int r = 0; r < count; r++) {
      rows[r] = from + r;
    }
    return rows;
  }

  /** Binds the data variables to {@code rows} and returns the objective of that batch size. */
  private ExprObjective bind(int[] rows) {
    boolean full = rows.length == batchSize;
    ExprObjective target = full ? objective : lastObjective;
    double[][] buffers = full ? batchBuffers : lastBuffers;
    List<Variable> variables = full ? dataVariables : lastDataVariables;
    for (int k = 0; k < dataVariables.size(); k++) {
      int rowSize = rowSizes[k];
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(data[k], rows[r] * rowSize, buffers[k], r * rowSize, rowSize);
      }
      target.setConstant(variables.get(k), buffers[k], 0);
    }
    return target;
  }
}
