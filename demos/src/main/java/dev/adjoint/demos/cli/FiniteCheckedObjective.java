package dev.adjoint.demos.cli;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.optim.ExprObjective;
import dev.adjoint.optim.Objective;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code minimize --check-finite}: an objective that, before each evaluation, evaluates the loss
 * and its gradients through a finite-checking {@link Program}, so the first NaN or infinity stops
 * the run with a {@link NonFiniteException} naming the op, its inputs and whether it is in the loss
 * or in the gradient with respect to which variable. Costs one more evaluation per step; the plain
 * objective is used when the flag is off.
 */
final class FiniteCheckedObjective implements Objective {
  private final ExprObjective objective;
  private final Bindings constants;
  private final Program checked;
  private final List<String> names = new ArrayList<>();

  FiniteCheckedObjective(
      ExprObjective objective, Expr loss, List<Variable> variables, Bindings constants) {
    this.objective = objective;
    this.constants = constants;
    List<Expr> outputs = new ArrayList<>();
    outputs.add(loss);
    names.add("the loss");
    var gradients = loss.gradient(variables.toArray(new Variable[0]));
    for (Variable v : variables) {
      outputs.add(gradients.of(v));
      names.add("the gradient with respect to " + v.name());
    }
    this.checked = Program.compile(outputs).checkingFinite();
  }

  private void check(double[] x) {
    Bindings at = objective.toBindings(x);
    for (String name : constants.names()) {
      at = at.with(name, constants.get(name).orElseThrow());
    }
    try {
      checked.run(at);
    } catch (NonFiniteException e) {
      throw e.locatedIn(names);
    }
  }

  @Override
  public int dimension() {
    return objective.dimension();
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    check(x);
    return objective.valueAndGradient(x, gradient);
  }

  @Override
  public double value(double[] x) {
    check(x);
    return objective.value(x);
  }

  @Override
  public boolean hasHessianVectorProduct() {
    return objective.hasHessianVectorProduct();
  }

  @Override
  public void hessianVectorProduct(double[] x, double[] v, double[] result) {
    objective.hessianVectorProduct(x, v, result);
  }

  @Override
  public boolean hasHessian() {
    return objective.hasHessian();
  }

  @Override
  public void hessian(double[] x, double[] result) {
    objective.hessian(x, result);
  }
}
