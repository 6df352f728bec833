package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An {@link Objective} from a scalar {@link Expr} loss, the variables to optimise, and bindings for
 * every other variable (the constants: data, targets, hyperparameters).
 *
 * <p>The point is the variables laid end to end in the order given, each row-major: x = (vec(W₁),
 * vec(W₂), …); {@link #offsetOf} and {@link #toBindings} translate. Value and gradient come from
 * one compiled {@link Program} with outputs (L, ∂L/∂W₁, ∂L/∂W₂, …), so they share one forward pass.
 * The value minimised and reported is the loss exactly as written ({@link Gradients#output()}),
 * never a rewritten form of it. Hessian-vector products come from the symbolic second derivative
 *
 * <pre>
 *   ∇²L · v = ∇ₓ ⟨∇ₓL, v⟩ = (∂/∂Wⱼ Σᵢ ⟨∂L/∂Wᵢ, Vᵢ⟩)ⱼ,
 * </pre>
 *
 * compiled (on first use) into a second program with one direction variable Vᵢ per Wᵢ. The full
 * Hessian is the symbolic one: its blocks ∂²L/∂Wᵢ∂Wⱼ = Jacobian of ∂L/∂Wᵢ with respect to Wⱼ
 * ({@link Gradients#jacobian}), compiled on first use into a third program that evaluates all
 * blocks in one pass.
 *
 * <p>Not thread-safe: each instance evaluates in its own program workspaces. Create one per thread.
 */
public final class ExprObjective implements Objective {
  private final Expr loss;
  private final ImmutableList<Variable> variables;
  private final int[] offsets;
  private final int dimension;
  private final Bindings constants;
  private final Program.Workspace valueAndGradient;
  private final Set<String> valueVariables = new HashSet<>();
  private ImmutableList<Variable> directions;
  private Program.Workspace hessianVectorProduct;
  private Set<String> productVariables;
  private Program.Workspace hessianBlocks;
  private Set<String> hessianVariables;
  private double[][] blockScratch;

  /** Constants re-bound by {@link #setConstant}, applied to workspaces compiled later. */
  private final java.util.Map<String, double[]> reboundConstants = new java.util.HashMap<>();

  private ExprObjective(Expr loss, List<Variable> variables, Bindings constants) {
    this.loss = loss;
    this.variables = ImmutableList.copyOf(variables);
    this.constants = constants;
    this.offsets = new int[variables.size() + 1];
    for (int i = 0; i < variables.size(); i++) {
      offsets[i + 1] = offsets[i] + variables.get(i).shape().size();
    }
    this.dimension = offsets[variables.size()];
    Gradients gradients = loss.gradient(variables.toArray(new Variable[0]));
    List<Expr> outputs = new ArrayList<>();
    // The loss as written (not a simplified form: the user's loss is the loss); the simplified
    // gradients use its nodes, so the program computes the shared forward pass once.
    outputs.add(gradients.output());
    for (Variable variable : variables) {
      outputs.add(gradients.of(variable));
    }
    Program program = Program.compile(outputs);
    Set<String> optimised = new HashSet<>();
    for (Variable variable : variables) {
      optimised.add(variable.name());
    }
    Set<String> missing = new LinkedHashSet<>();
    for (Variable variable : program.variables()) {
      if (!optimised.contains(variable.name()) && !constants.names().contains(variable.name())) {
        missing.add(variable.name() + " " + variable.shape());
      }
    }
    checkArgument(
        missing.isEmpty(),
        "the loss uses %s, which are neither optimised nor bound as constants",
        missing);
    for (Variable variable : program.variables()) {
      valueVariables.add(variable.name());
    }
    this.valueAndGradient = program.newWorkspace().bind(constants);
  }

  /**
   * The objective L(W₁, W₂, …) with the other variables of {@code loss} bound by {@code constants}.
   *
   * @throws IllegalArgumentException if the loss is not a scalar, no variables or duplicate names
   *     are given, a variable of the loss is neither optimised nor bound, or a constant has the
   *     wrong shape
   */
  public static ExprObjective of(Expr loss, List<Variable> variables, Bindings constants) {
    checkArgument(loss != null, "loss is null");
    checkArgument(
        loss.shape().size() == 1,
        "the loss must be a scalar, but has shape %s: %s",
        loss.shape(),
        loss);
    checkArgument(variables != null && !variables.isEmpty(), "no variables to optimise");
    checkArgument(constants != null, "constants are null (use Bindings.of())");
    Set<String> names = new HashSet<>();
    for (Variable variable : variables) {
      checkArgument(variable != null, "a variable is null");
      checkArgument(names.add(variable.name()), "variable %s is listed twice", variable.name());
      checkArgument(
          !constants.names().contains(variable.name()),
          "variable %s is both optimised and bound as a constant",
          variable.name());
    }
    return new ExprObjective(loss, variables, constants);
  }

  /** The objective L(W₁, W₂, …) of a loss with no other variables. */
  public static ExprObjective of(Expr loss, Variable... variables) {
    return of(loss, List.of(variables), Bindings.of());
  }

  /** The loss expression. */
  public Expr loss() {
    return loss;
  }

  /** The optimised variables, in the order they are laid out in the point. */
  public ImmutableList<Variable> variables() {
    return variables;
  }

  /**
   * Where {@code variable} starts in the point.
   *
   * @throws IllegalArgumentException if it is not optimised
   */
  public int offsetOf(Variable variable) {
    int index = variables.indexOf(variable);
    checkArgument(index >= 0, "%s is not among the optimised variables %s", variable, variables);
    return offsets[index];
  }

  /**
   * The point holding the values of the optimised variables in {@code values}.
   *
   * @throws IllegalArgumentException if a variable is unbound or bound to a tensor of another shape
   */
  public double[] toPoint(Bindings values) {
    checkArgument(values != null, "values are null");
    double[] point = new double[dimension];
    for (int i = 0; i < variables.size(); i++) {
      Variable variable = variables.get(i);
      Tensor value =
          values
              .get(variable.name())
              .orElseThrow(
                  () -> new IllegalArgumentException("no value for variable " + variable.name()));
      checkArgument(
          value.shape().equals(variable.shape()),
          "variable %s has shape %s but its value has shape %s",
          variable.name(),
          variable.shape(),
          value.shape());
      value.copyTo(point, offsets[i]);
    }
    return point;
  }

  /** The values of the optimised variables at {@code point}, as tensors. */
  public Bindings toBindings(double[] point) {
    Vectors.checkPoint("point", point, dimension);
    Bindings bindings = Bindings.of();
    for (int i = 0; i < variables.size(); i++) {
      Variable variable = variables.get(i);
      double[] values = new double[variable.shape().size()];
      System.arraycopy(point, offsets[i], values, 0, values.length);
      bindings = bindings.with(variable, Tensor.of(variable.shape(), values));
    }
    return bindings;
  }

  /**
   * Re-binds the constant {@code constant} to {@code values[offset .. offset + size)}, row-major,
   * for all later evaluations — e.g. to the current minibatch of data. No allocation after the
   * first call for a given constant.
   *
   * @throws IllegalArgumentException if {@code constant} is not one of the bound constants or the
   *     array is too short
   */
  public void setConstant(Variable constant, double[] values, int offset) {
    checkArgument(constant != null, "constant is null");
    checkArgument(
        constants.names().contains(constant.name()),
        "%s is not a bound constant of this objective; constants are %s",
        constant.name(),
        constants.names());
    Tensor bound = constants.get(constant.name()).orElseThrow();
    checkArgument(
        bound.shape().equals(constant.shape()),
        "constant %s is bound with shape %s, not %s",
        constant.name(),
        bound.shape(),
        constant.shape());
    int size = constant.shape().size();
    checkArgument(
        values != null && offset >= 0 && offset + size <= values.length,
        "%s needs %s values from offset %s",
        constant.name(),
        size,
        offset);
    double[] copy = reboundConstants.computeIfAbsent(constant.name(), name -> new double[size]);
    System.arraycopy(values, offset, copy, 0, size);
    apply(valueAndGradient, valueVariables, constant, copy);
    apply(hessianVectorProduct, productVariables, constant, copy);
    apply(hessianBlocks, hessianVariables, constant, copy);
  }

  private static void apply(
      Program.Workspace workspace, Set<String> uses, Variable constant, double[] values) {
    if (workspace != null && uses.contains(constant.name())) {
      workspace.set(constant, values, 0);
    }
  }

  private void applyReboundConstants(Program.Workspace workspace, Set<String> uses) {
    for (var entry : reboundConstants.entrySet()) {
      if (uses.contains(entry.getKey())) {
        Tensor bound = constants.get(entry.getKey()).orElseThrow();
        workspace.set(Variable.of(entry.getKey(), bound.shape()), entry.getValue(), 0);
      }
    }
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    checkLength("x", x);
    checkLength("gradient", gradient);
    for (int i = 0; i < variables.size(); i++) {
      if (valueVariables.contains(variables.get(i).name())) {
        valueAndGradient.set(variables.get(i), x, offsets[i]);
      }
    }
    valueAndGradient.execute();
    for (int i = 0; i < variables.size(); i++) {
      valueAndGradient.copyOutput(i + 1, gradient, offsets[i]);
    }
    return valueAndGradient.scalar(0);
  }

  @Override
  public double value(double[] x) {
    double[] gradient = new double[dimension];
    return valueAndGradient(x, gradient);
  }

  @Override
  public boolean hasHessianVectorProduct() {
    return true;
  }

  @Override
  public void hessianVectorProduct(double[] x, double[] v, double[] result) {
    checkLength("x", x);
    checkLength("v", v);
    checkLength("result", result);
    if (hessianVectorProduct == null) {
      compileHessianVectorProduct();
    }
    for (int i = 0; i < variables.size(); i++) {
      Variable variable = variables.get(i);
      if (productVariables.contains(variable.name())) {
        hessianVectorProduct.set(variable, x, offsets[i]);
      }
      Variable direction = directions.get(i);
      if (productVariables.contains(direction.name())) {
        hessianVectorProduct.set(direction, v, offsets[i]);
      }
    }
    hessianVectorProduct.execute();
    for (int i = 0; i < variables.size(); i++) {
      hessianVectorProduct.copyOutput(i, result, offsets[i]);
    }
  }

  @Override
  public boolean hasHessian() {
    return true;
  }

  @Override
  public void hessian(double[] x, double[] result) {
    checkLength("x", x);
    checkArgument(
        result != null && result.length == dimension * dimension,
        "result must have length n² = %s",
        dimension * dimension);
    if (hessianBlocks == null) {
      compileHessian();
    }
    for (int i = 0; i < variables.size(); i++) {
      if (hessianVariables.contains(variables.get(i).name())) {
        hessianBlocks.set(variables.get(i), x, offsets[i]);
      }
    }
    hessianBlocks.execute();
    int count = variables.size();
    for (int i = 0; i < count; i++) {
      int rows = offsets[i + 1] - offsets[i];
      for (int j = 0; j < count; j++) {
        int columns = offsets[j + 1] - offsets[j];
        double[] block = blockScratch[i * count + j];
        hessianBlocks.copyOutput(i * count + j, block, 0);
        for (int r = 0; r < rows; r++) {
          System.arraycopy(
              block, r * columns, result, (offsets[i] + r) * dimension + offsets[j], columns);
        }
      }
    }
  }

  private void compileHessian() {
    Gradients gradients = loss.gradient(variables.toArray(new Variable[0]));
    List<Expr> blocks = new ArrayList<>();
    int count = variables.size();
    blockScratch = new double[count * count][];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < count; j++) {
        blocks.add(Gradients.jacobian(gradients.of(variables.get(i)), variables.get(j)));
        blockScratch[i * count + j] =
            new double[variables.get(i).shape().size() * variables.get(j).shape().size()];
      }
    }
    Program program = Program.compile(blocks);
    hessianVariables = new HashSet<>();
    for (Variable variable : program.variables()) {
      hessianVariables.add(variable.name());
    }
    hessianBlocks = program.newWorkspace().bind(constants);
    applyReboundConstants(hessianBlocks, hessianVariables);
  }

  private void compileHessianVectorProduct() {
    Set<String> taken = new HashSet<>(constants.names());
    for (Variable variable : variables) {
      taken.add(variable.name());
    }
    Variable[] wrt = variables.toArray(new Variable[0]);
    Gradients gradients = loss.gradient(wrt);
    ImmutableList.Builder<Variable> directionList = ImmutableList.builder();
    Expr inner = null;
    for (Variable variable : variables) {
      String name = "_direction_" + variable.name();
      while (taken.contains(name)) {
        name = "_" + name;
      }
      taken.add(name);
      Shape shape = variable.shape();
      Variable direction = Variable.of(name, shape);
      directionList.add(direction);
      Expr term = Exprs.dot(gradients.of(variable), direction);
      inner = inner == null ? term : inner.plus(term);
    }
    directions = directionList.build();
    Gradients second = inner.gradient(wrt);
    List<Expr> outputs = new ArrayList<>();
    for (Variable variable : variables) {
      outputs.add(second.of(variable));
    }
    Program program = Program.compile(outputs);
    productVariables = new HashSet<>();
    for (Variable variable : program.variables()) {
      productVariables.add(variable.name());
    }
    hessianVectorProduct = program.newWorkspace().bind(constants);
    applyReboundConstants(hessianVectorProduct, productVariables);
  }

  private void checkLength(String name, double[] array) {
    checkArgument(array != null, "%s is null", name);
    checkArgument(
        array.length == dimension,
        "%s has length %s but the objective has dimension %s (variables %s)",
        name,
        array.length,
        dimension,
        variables);
  }
}
