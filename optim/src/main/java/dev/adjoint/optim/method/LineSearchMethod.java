package dev.adjoint.optim.method;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.MinimizerRun;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.optim.linesearch.LineSearch;

/**
 * Base of the methods that are a search direction plus a line search and nothing else to configure:
 * their name ({@code Newton[Backtracking(...)]}), and starting or resuming a run after checking
 * that the objective provides what the method needs.
 */
abstract class LineSearchMethod implements Minimizer {
  final LineSearch lineSearch;

  LineSearchMethod(LineSearch lineSearch) {
    checkArgument(lineSearch != null, "line search is null");
    this.lineSearch = lineSearch;
  }

  /** The method's own name, without the line search: {@code Newton}. */
  abstract String methodName();

  /**
   * Throws {@link IllegalArgumentException} when the objective lacks what the method needs (a
   * Hessian, Hessian-vector products); the default needs only values and gradients.
   */
  void checkObjective(Objective objective) {}

  /** A run from {@code x0}. */
  abstract MinimizerRun newRun(Objective objective, double[] x0);

  /** A run continuing from a saved state. */
  abstract MinimizerRun resumedRun(Objective objective, OptimizerState state);

  @Override
  public final String name() {
    return methodName() + "[" + lineSearch.name() + "]";
  }

  @Override
  public final MinimizerRun start(Objective objective, double[] x0) {
    checkObjective(objective);
    return newRun(objective, x0);
  }

  @Override
  public final MinimizerRun resume(Objective objective, OptimizerState state) {
    checkObjective(objective);
    state.checkMethod(name());
    return resumedRun(objective, state);
  }
}
