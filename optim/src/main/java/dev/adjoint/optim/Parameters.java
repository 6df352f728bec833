package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A model's trainable variables with their current values: what {@code model.parameters()} and
 * {@code state_dict()} are in PyTorch, or a params pytree in JAX.
 *
 * <pre>{@code
 * Parameters params = Parameters.builder(42)                  // the seed of every draw
 *     .add(W1, Initializer.glorotUniform(FanLayout.X_TIMES_W))
 *     .add(b1, Initializer.zeros())
 *     .build();
 * ExprObjective objective = params.objective(loss, Bindings.of("X", xs, "y", ys));
 * OptimizationResult result = Lbfgs.withDefaults().minimize(objective, params.toPoint());
 * params.update(result.point());
 * Tensor predictions = params.evaluate(model, Bindings.of("X", newXs));   // any number of rows
 * }</pre>
 *
 * <p><b>Flattening.</b> The point the optimizers see is the variables laid end to end in the order
 * they were added, each row-major: x = (vec(W₁), vec(b₁), …), exactly the layout of an {@link
 * ExprObjective} (or {@code ExprMinibatchObjective}) over {@link #variables()}. {@link #toPoint}
 * and {@link #update} translate.
 *
 * <p><b>Seeds.</b> Initialisers draw from one {@code java.util.Random(seed)} in the order the
 * variables are added (as layers built after {@code torch.manual_seed} do), so the same seed and
 * the same list give the same values on every JVM.
 *
 * <p><b>Evaluation.</b> {@link #evaluate} binds the current values and the given data, and runs a
 * {@link dev.adjoint.autodiff.eval.Program} compiled once per output and data shape. Data may hold
 * another number of examples (axis 0) than the variables of the output were declared with: the
 * output is rebuilt for it ({@link BatchResizing}), so a model written for a training batch
 * evaluates a whole test set in one call.
 *
 * <p>Not thread-safe: values change by {@link #update} and {@link #set}, and compiled programs are
 * cached. Use one instance per thread, or {@link #copy} it.
 */
public final class Parameters {
  private final ImmutableList<Variable> variables;
  private final Map<String, Integer> indexByName;
  private final int[] offsets;
  private final double[] values;
  private final CompiledOutputs compiled = new CompiledOutputs();

  private Parameters(List<Variable> variables, double[] values) {
    this.variables = ImmutableList.copyOf(variables);
    this.indexByName = new HashMap<>();
    this.offsets = new int[variables.size() + 1];
    for (int i = 0; i < variables.size(); i++) {
      indexByName.put(variables.get(i).name(), i);
      offsets[i + 1] = offsets[i] + variables.get(i).shape().size();
    }
    this.values = values;
  }

  /** A builder drawing every initial value from {@code new java.util.Random(seed)}. */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /**
   * The parameters {@code variables}, in this order, with their values in {@code values}.
   *
   * @throws IllegalArgumentException if the list is empty, a name repeats, or a value is missing,
   *     of another shape or not finite
   */
  public static Parameters of(List<Variable> variables, Bindings values) {
    checkArgument(variables != null, "variables are null");
    checkArgument(values != null, "values are null");
    Builder builder = builder(0);
    for (Variable variable : variables) {
      checkArgument(variable != null, "a variable is null");
      Tensor value =
          values
              .get(variable.name())
              .orElseThrow(
                  () -> new IllegalArgumentException("no value for parameter " + variable.name()));
      builder.add(variable, value);
    }
    return builder.build();
  }

  /** The variables, in the order they are laid out in the point. */
  public ImmutableList<Variable> variables() {
    return variables;
  }

  /** The number of scalars, the length of the point. */
  public int dimension() {
    return offsets[variables.size()];
  }

  /** Where {@code variable} starts in the point. */
  public int offsetOf(Variable variable) {
    return offsets[indexOf(variable)];
  }

  /** The current value of {@code variable}. */
  public Tensor get(Variable variable) {
    int i = indexOf(variable);
    double[] copy = new double[variables.get(i).shape().size()];
    System.arraycopy(values, offsets[i], copy, 0, copy.length);
    return Tensor.wrap(variables.get(i).shape(), copy);
  }

  /**
   * Sets the value of {@code variable}.
   *
   * @throws IllegalArgumentException if it is not a parameter, or the value has another shape or is
   *     not finite
   */
  public void set(Variable variable, Tensor value) {
    int i = indexOf(variable);
    checkValue(variables.get(i), value);
    value.copyTo(values, offsets[i]);
  }

  /** The current values as bindings by name, e.g. to evaluate with a {@code Program} directly. */
  public Bindings bindings() {
    Bindings bindings = Bindings.of();
    for (Variable variable : variables) {
      bindings = bindings.with(variable, get(variable));
    }
    return bindings;
  }

  /** The current values laid end to end (a copy): the starting point for a minimizer. */
  public double[] toPoint() {
    return values.clone();
  }

  /**
   * Sets every value from {@code point}, laid out as {@link #toPoint}: e.g. {@code
   * update(result.point())} after minimising.
   *
   * @throws IllegalArgumentException if the point has another length or is not finite
   */
  public void update(double[] point) {
    checkArgument(point != null, "point is null");
    checkArgument(
        point.length == dimension(),
        "point has length %s but the parameters %s have dimension %s",
        point.length,
        variables,
        dimension());
    Vectors.checkPoint("point", point, dimension());
    System.arraycopy(point, 0, values, 0, values.length);
  }

  /** An independent copy with the same variables and values. */
  public Parameters copy() {
    return new Parameters(variables, values.clone());
  }

  /**
   * The objective {@code loss} over these parameters, with every other variable of the loss bound
   * by {@code data}; its point has this layout, so {@link #toPoint} starts it and {@link #update}
   * takes its result. As in {@link #evaluate}, a data tensor may hold another number of examples
   * (axis 0) than its variable: the loss is then rebuilt for all of them, e.g. a loss written for a
   * minibatch becomes the full-batch loss.
   *
   * @throws IllegalArgumentException as {@link #evaluate}, or as {@link ExprObjective#of(Expr,
   *     List, Bindings)}
   */
  public ExprObjective objective(Expr loss, Bindings data) {
    checkArgument(loss != null, "loss is null");
    checkArgument(data != null, "data are null (use Bindings.of())");
    return ExprObjective.of(BatchResizing.resize(loss, rowsToResize(loss, data)), variables, data);
  }

  /**
   * The value of {@code output} (a prediction, a loss, a metric) at the current parameter values
   * and {@code data} for its other variables. A data tensor may differ from its variable's shape
   * along axis 0 only: the output is then evaluated on that many examples. The program is compiled
   * on the first call for an output and data shape, and reused afterwards.
   *
   * @throws IllegalArgumentException if a variable of the output is unbound, {@code data} binds a
   *     parameter, a data tensor differs from its variable beyond axis 0, a parameter is used with
   *     another shape, or the output cannot hold the data's number of examples
   */
  public Tensor evaluate(Expr output, Bindings data) {
    checkArgument(output != null, "output is null");
    checkArgument(data != null, "data are null (use Bindings.of())");
    Map<Variable, Integer> rows = rowsToResize(output, data);
    Bindings all = data;
    for (Variable variable : variables) {
      all = all.with(variable, get(variable));
    }
    return compiled.program(output, rows).run(all).get(0);
  }

  /**
   * The data variables of {@code e} whose data have another number of examples, with that number.
   */
  private Map<Variable, Integer> rowsToResize(Expr e, Bindings data) {
    Map<Variable, Integer> rows = new LinkedHashMap<>();
    for (Variable variable : CompiledOutputs.variablesOf(e)) {
      Integer index = indexByName.get(variable.name());
      if (index != null) {
        checkArgument(
            !data.names().contains(variable.name()),
            "%s is a parameter; its current value is used, so do not bind it in the data",
            variable.name());
        checkArgument(
            variables.get(index).shape().equals(variable.shape()),
            "the expression uses %s with shape %s, but the parameter has shape %s",
            variable.name(),
            variable.shape(),
            variables.get(index).shape());
        continue;
      }
      Tensor value =
          data.get(variable.name())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          String.format(
                              "the expression uses %s %s, which is neither a parameter nor bound"
                                  + " in the data %s",
                              variable.name(), variable.shape(), data.names())));
      if (!value.shape().equals(variable.shape())) {
        checkArgument(
            sameBeyondAxis0(value, variable),
            "%s has shape %s in the expression but the data has shape %s; only the number of"
                + " examples (axis 0) may differ",
            variable.name(),
            variable.shape(),
            value.shape());
        rows.put(variable, value.shape().dim(0));
      }
    }
    return rows;
  }

  private static boolean sameBeyondAxis0(Tensor value, Variable variable) {
    if (value.shape().rank() != variable.shape().rank() || variable.shape().rank() == 0) {
      return false;
    }
    for (int axis = 1; axis < value.shape().rank(); axis++) {
      if (value.shape().dim(axis) != variable.shape().dim(axis)) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(Variable variable) {
    checkArgument(variable != null, "variable is null");
    Integer index = indexByName.get(variable.name());
    checkArgument(
        index != null && variables.get(index).equals(variable),
        "%s %s is not among the parameters %s",
        variable.name(),
        variable.shape(),
        variables);
    return index;
  }

  private static void checkValue(Variable variable, Tensor value) {
    checkArgument(value != null, "value of %s is null", variable.name());
    checkArgument(
        value.shape().equals(variable.shape()),
        "parameter %s has shape %s but its value has shape %s",
        variable.name(),
        variable.shape(),
        value.shape());
    checkArgument(value.isFinite(), "the value of parameter %s is not finite", variable.name());
  }

  /** Collects parameters in order, drawing initial values as they are added. Not thread-safe. */
  public static final class Builder {
    private final Random random;
    private final List<Variable> variables = new ArrayList<>();
    private final List<Tensor> values = new ArrayList<>();
    private final Map<String, Variable> byName = new HashMap<>();

    private Builder(long seed) {
      this.random = new Random(seed);
    }

    /**
     * Adds {@code variable}, initialised by {@code initializer} from the builder's generator.
     *
     * @throws IllegalArgumentException if the name is taken or the initialiser does not fit the
     *     shape (Glorot or He on a vector)
     */
    public Builder add(Variable variable, Initializer initializer) {
      checkName(variable);
      checkArgument(initializer != null, "initializer of %s is null", variable.name());
      Tensor value;
      try {
        value = initializer.sample(variable.shape(), random);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot initialise " + variable.name() + ": " + e.getMessage(), e);
      }
      return put(variable, value);
    }

    /**
     * Adds {@code variable} with the given value.
     *
     * @throws IllegalArgumentException if the name is taken, or the value has another shape or is
     *     not finite
     */
    public Builder add(Variable variable, Tensor value) {
      checkName(variable);
      return put(variable, value);
    }

    private void checkName(Variable variable) {
      checkArgument(variable != null, "a variable is null");
      checkArgument(
          !byName.containsKey(variable.name()), "parameter %s is added twice", variable.name());
    }

    private Builder put(Variable variable, Tensor value) {
      checkValue(variable, value);
      variables.add(variable);
      values.add(value);
      byName.put(variable.name(), variable);
      return this;
    }

    /**
     * The parameters added so far.
     *
     * @throws IllegalArgumentException if none were added
     */
    public Parameters build() {
      checkArgument(!variables.isEmpty(), "no parameters were added");
      int size = 0;
      for (Variable variable : variables) {
        size += variable.shape().size();
      }
      double[] flat = new double[size];
      int offset = 0;
      for (Tensor value : values) {
        value.copyTo(flat, offset);
        offset += value.size();
      }
      return new Parameters(variables, flat);
    }
  }
}
