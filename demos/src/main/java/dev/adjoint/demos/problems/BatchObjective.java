package dev.adjoint.demos.problems;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.optim.firstorder.StochasticObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A loss over a data set, sampled by minibatches for first-order methods: the loss is an expression
 * of the parameters and of two batch variables, inputs {@code [B×…]} and labels {@code [B×…]},
 * whose first axis is the example.
 *
 * <p>Draw t is batch k = t mod K of epoch e = ⌊t / K⌋, K = ⌊N / B⌋ (a remainder is left out of that
 * epoch); each epoch visits the examples in the order of a Fisher–Yates shuffle seeded by {@code
 * seed + e}, so batch t is a pure function of (seed, t). The full objective ({@link
 * #valueAndGradient}) is the same loss over all N examples, so a mean loss over the batch gives the
 * mean over the data.
 */
public final class BatchObjective implements StochasticObjective {
  private final List<Variable> parameters;
  private final Tensor inputs;
  private final Tensor labels;
  private final double[] inputData;
  private final double[] labelData;
  private final int batchSize;
  private final long seed;
  private final Program.Workspace batch;
  private final Program.Workspace full;
  private final String inputName;
  private final String labelName;
  private final int[] permutation;
  private long permutedEpoch = -1;
  private final double[] batchInputs;
  private final double[] batchLabels;

  private BatchObjective(
      Expr batchLoss,
      Expr fullLoss,
      List<Variable> parameters,
      Variable inputVariable,
      Variable labelVariable,
      Tensor inputs,
      Tensor labels,
      long seed) {
    this.parameters = List.copyOf(parameters);
    this.inputs = inputs;
    this.labels = labels;
    this.inputData = inputs.toArray();
    this.labelData = labels.toArray();
    this.batchSize = inputVariable.shape().dim(0);
    this.seed = seed;
    this.batch = compile(batchLoss, parameters).newWorkspace();
    this.full = compile(fullLoss, parameters).newWorkspace().set(inputVariable.name(), inputs);
    full.set(labelVariable.name(), labels);
    this.inputName = inputVariable.name();
    this.labelName = labelVariable.name();
    this.permutation = new int[inputs.shape().dim(0)];
    this.batchInputs = new double[inputVariable.shape().size()];
    this.batchLabels = new double[labelVariable.shape().size()];
  }

  /**
   * The objective of {@code loss}, built for a batch, over the data set ({@code inputs}, {@code
   * labels}); {@code fullLoss} is the same loss built for all the examples.
   *
   * @throws IllegalArgumentException when the batch is larger than the data or the shapes do not
   *     fit
   */
  public static BatchObjective of(
      Expr loss,
      Expr fullLoss,
      List<Variable> parameters,
      Variable inputVariable,
      Variable labelVariable,
      Tensor inputs,
      Tensor labels,
      long seed) {
    int n = inputs.shape().dim(0);
    checkArgument(labels.shape().dim(0) == n, "%s inputs but %s labels", n, labels.shape().dim(0));
    checkArgument(
        inputVariable.shape().dim(0) <= n,
        "batch of %s is larger than the %s examples",
        inputVariable.shape().dim(0),
        n);
    return new BatchObjective(
        loss, fullLoss, parameters, inputVariable, labelVariable, inputs, labels, seed);
  }

  private static Program compile(Expr loss, List<Variable> parameters) {
    List<Expr> outputs = new ArrayList<>();
    outputs.add(loss);
    outputs.addAll(Gradients.of(loss, parameters.toArray(new Variable[0])).list());
    return Program.compile(outputs);
  }

  /** The number of batches in an epoch. */
  public int batchesPerEpoch() {
    return inputs.shape().dim(0) / batchSize;
  }

  @Override
  public int dimension() {
    int n = 0;
    for (Variable v : parameters) {
      n += v.shape().size();
    }
    return n;
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    return run(full, x, gradient);
  }

  @Override
  public double sampleValueAndGradient(long draw, double[] x, double[] gradient) {
    int perEpoch = batchesPerEpoch();
    long epoch = draw / perEpoch;
    int k = (int) (draw % perEpoch);
    if (epoch != permutedEpoch) {
      shuffle(epoch);
    }
    int inWidth = inputs.size() / inputs.shape().dim(0);
    int labelWidth = labels.size() / labels.shape().dim(0);
    for (int b = 0; b < batchSize; b++) {
      int example = permutation[k * batchSize + b];
      System.arraycopy(inputData, example * inWidth, batchInputs, b * inWidth, inWidth);
      System.arraycopy(labelData, example * labelWidth, batchLabels, b * labelWidth, labelWidth);
    }
    batch.set(inputName, Tensor.wrap(batchShape(inputs, batchSize), batchInputs));
    batch.set(labelName, Tensor.wrap(batchShape(labels, batchSize), batchLabels));
    return run(batch, x, gradient);
  }

  private static Shape batchShape(Tensor data, int batch) {
    int[] dims = data.shape().dims();
    dims[0] = batch;
    return Shape.of(dims);
  }

  private double run(Program.Workspace ws, double[] x, double[] gradient) {
    int offset = 0;
    for (Variable v : parameters) {
      ws.set(v, x, offset);
      offset += v.shape().size();
    }
    ws.execute();
    offset = 0;
    for (int i = 0; i < parameters.size(); i++) {
      ws.copyOutput(1 + i, gradient, offset);
      offset += parameters.get(i).shape().size();
    }
    return ws.scalar(0);
  }

  private void shuffle(long epoch) {
    for (int i = 0; i < permutation.length; i++) {
      permutation[i] = i;
    }
    Random random = new Random(seed + epoch);
    for (int i = permutation.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = t;
    }
    permutedEpoch = epoch;
  }
}
