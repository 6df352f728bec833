package dev.adjoint.optim.method;

import dev.adjoint.optim.MinimizerRun;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.optim.linesearch.LineSearch;
import dev.adjoint.optim.linesearch.StrongWolfe;

/**
 * Steepest descent with a line search:
 *
 * <pre>
 *   d_k = −∇f(x_k),   x_{k+1} = x_k + α_k d_k,
 * </pre>
 *
 * with the first trial step α₀ = 2(f_k − f_{k−1}) / (∇f_kᵀd_k) (N&amp;W eq. 3.60; 1/‖∇f₀‖₂ capped
 * at 1 on the first iteration). Converges linearly, with a rate governed by the condition number of
 * the Hessian.
 *
 * <p>Immutable and thread-safe: each run keeps its own state.
 */
public final class GradientDescent extends LineSearchMethod {

  private GradientDescent(LineSearch lineSearch) {
    super(lineSearch);
  }

  /** Gradient descent with {@link StrongWolfe#withDefaults()}. */
  public static GradientDescent withDefaults() {
    return new GradientDescent(StrongWolfe.withDefaults());
  }

  /** Gradient descent with the given line search. */
  public static GradientDescent with(LineSearch lineSearch) {
    return new GradientDescent(lineSearch);
  }

  @Override
  String methodName() {
    return "GradientDescent";
  }

  @Override
  MinimizerRun newRun(Objective objective, double[] x0) {
    return new Run(objective, lineSearch, x0);
  }

  @Override
  MinimizerRun resumedRun(Objective objective, OptimizerState state) {
    return new Run(objective, lineSearch, state);
  }

  private static final class Run extends LineSearchRun {
    Run(Objective objective, LineSearch lineSearch, double[] x0) {
      super(objective, lineSearch, x0);
    }

    Run(Objective objective, LineSearch lineSearch, OptimizerState state) {
      super(objective, lineSearch, state);
    }

    @Override
    void computeDirection(double[] direction) {
      for (int i = 0; i < dimension; i++) {
        direction[i] = -gradient[i];
      }
    }

    @Override
    double initialStep(double[] direction, double derivative0) {
      return decreaseBasedStep(derivative0);
    }

    @Override
    void update(double[] step, double[] gradientChange, double[] direction) {}

    @Override
    boolean isSteepestDescent() {
      return true;
    }

    @Override
    void clearMemory() {}

    @Override
    void saveMemory(OptimizerState.Builder state) {}
  }
}
