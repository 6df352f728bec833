package dev.adjoint.optim.method;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.optim.MinimizerRun;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.optim.Vectors;
import dev.adjoint.optim.linesearch.Backtracking;
import dev.adjoint.optim.linesearch.LineSearch;

/**
 * Line-search Newton-CG (truncated Newton, Nocedal &amp; Wright Alg. 7.1): the Newton system ∇²f_k
 * d = −∇f_k is solved approximately by conjugate gradients using only Hessian-vector products,
 *
 * <pre>
 *   z₀ = 0, r₀ = ∇f_k, p₀ = −r₀;  for j = 0, 1, …:
 *     if p_jᵀ∇²f_k p_j ≤ 0:  d = (j = 0 ? −∇f_k : z_j), stop       (negative curvature)
 *     a_j = r_jᵀr_j / p_jᵀ∇²f_k p_j,  z_{j+1} = z_j + a_j p_j,  r_{j+1} = r_j + a_j ∇²f_k p_j
 *     if ‖r_{j+1}‖ &lt; ε_k:  d = z_{j+1}, stop,   ε_k = min(0.5, √‖∇f_k‖) ‖∇f_k‖
 *     p_{j+1} = −r_{j+1} + (r_{j+1}ᵀr_{j+1} / r_jᵀr_j) p_j,
 * </pre>
 *
 * at most max(20, 2n) inner iterations; then x_{k+1} = x_k + α_k d with a line search from α₀ = 1.
 * The forcing term ε_k gives superlinear convergence. Needs {@link
 * Objective#hasHessianVectorProduct()}.
 *
 * <p>Immutable and thread-safe: each run keeps its own state.
 */
public final class NewtonCg extends LineSearchMethod {

  private NewtonCg(LineSearch lineSearch) {
    super(lineSearch);
  }

  /** Newton-CG with {@link Backtracking#withDefaults()}. */
  public static NewtonCg withDefaults() {
    return new NewtonCg(Backtracking.withDefaults());
  }

  /** Newton-CG with the given line search. */
  public static NewtonCg with(LineSearch lineSearch) {
    return new NewtonCg(lineSearch);
  }

  @Override
  String methodName() {
    return "NewtonCG";
  }

  @Override
  MinimizerRun newRun(Objective objective, double[] x0) {
    return new Run(objective, lineSearch, x0);
  }

  @Override
  MinimizerRun resumedRun(Objective objective, OptimizerState state) {
    return new Run(objective, lineSearch, state);
  }

  @Override
  void checkObjective(Objective objective) {
    checkArgument(
        objective.hasHessianVectorProduct(),
        "Newton-CG needs Hessian-vector products but the objective has none; use"
            + " JavaObjective.withHessianVectorProduct or withFiniteDifferenceHessian");
  }

  private static final class Run extends LineSearchRun {
    private final double[] solution;
    private final double[] residual;
    private final double[] conjugate;
    private final double[] product;

    Run(Objective objective, LineSearch lineSearch, double[] x0) {
      super(objective, lineSearch, x0);
      this.solution = new double[dimension];
      this.residual = new double[dimension];
      this.conjugate = new double[dimension];
      this.product = new double[dimension];
    }

    Run(Objective objective, LineSearch lineSearch, OptimizerState state) {
      super(objective, lineSearch, state);
      this.solution = new double[dimension];
      this.residual = new double[dimension];
      this.conjugate = new double[dimension];
      this.product = new double[dimension];
    }

    @Override
    void computeDirection(double[] direction) {
      double gradientNorm = Vectors.norm2(gradient);
      double tolerance = Math.min(0.5, Math.sqrt(gradientNorm)) * gradientNorm;
      java.util.Arrays.fill(solution, 0);
      System.arraycopy(gradient, 0, residual, 0, dimension);
      for (int i = 0; i < dimension; i++) {
        conjugate[i] = -gradient[i];
      }
      double residualSquared = Vectors.dot(residual, residual);
      int maxInner = Math.max(20, 2 * dimension);
      for (int j = 0; j < maxInner; j++) {
        objective.hessianVectorProduct(point, conjugate, product);
        double curvature = Vectors.dot(conjugate, product);
        if (!(curvature > 0)) {
          if (j == 0) {
            for (int i = 0; i < dimension; i++) {
              direction[i] = -gradient[i];
            }
          } else {
            System.arraycopy(solution, 0, direction, 0, dimension);
          }
          return;
        }
        double a = residualSquared / curvature;
        Vectors.axpy(a, conjugate, solution);
        Vectors.axpy(a, product, residual);
        double nextResidualSquared = Vectors.dot(residual, residual);
        if (Math.sqrt(nextResidualSquared) < tolerance) {
          break;
        }
        double b = nextResidualSquared / residualSquared;
        for (int i = 0; i < dimension; i++) {
          conjugate[i] = -residual[i] + b * conjugate[i];
        }
        residualSquared = nextResidualSquared;
      }
      System.arraycopy(solution, 0, direction, 0, dimension);
    }

    @Override
    double initialStep(double[] direction, double derivative0) {
      return 1;
    }

    @Override
    void update(double[] step, double[] gradientChange, double[] direction) {}

    @Override
    boolean isSteepestDescent() {
      return false;
    }

    @Override
    void clearMemory() {}

    @Override
    void saveMemory(OptimizerState.Builder state) {}
  }
}
