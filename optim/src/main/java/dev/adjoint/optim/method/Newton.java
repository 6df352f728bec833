package dev.adjoint.optim.method;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.optim.MinimizerRun;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.optim.Vectors;
import dev.adjoint.optim.linesearch.Backtracking;
import dev.adjoint.optim.linesearch.LineSearch;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Newton's method with a line search and a Hessian modification:
 *
 * <pre>
 *   B_k d_k = −∇f(x_k),   x_{k+1} = x_k + α_k d_k,
 * </pre>
 *
 * where B_k = ∇²f(x_k) if its Cholesky factorisation succeeds (it is positive definite), and
 * otherwise the eigenvalue modification (Nocedal &amp; Wright §3.4)
 *
 * <pre>
 *   ∇²f(x_k) = Σᵢ λᵢ qᵢqᵢᵀ,   B_k = Σᵢ max(|λᵢ|, δ) qᵢqᵢᵀ,   δ = 10⁻⁸ maxᵢ|λᵢ|,
 * </pre>
 *
 * which turns directions of negative curvature into descent directions and, unlike adding τI, keeps
 * the step scale-invariant on badly scaled problems. Near a minimiser with a positive definite
 * Hessian, α_k = 1 is accepted and convergence is quadratic. The default line search is Armijo
 * backtracking from α₀ = 1. Needs {@link Objective#hasHessian()}: the symbolic Hessian for
 * expression objectives, a hand-written or finite-difference one for Java objectives.
 *
 * <p>Immutable and thread-safe: each run keeps its own state.
 */
public final class Newton extends LineSearchMethod {

  private Newton(LineSearch lineSearch) {
    super(lineSearch);
  }

  /** Newton with {@link Backtracking#withDefaults()}. */
  public static Newton withDefaults() {
    return new Newton(Backtracking.withDefaults());
  }

  /** Newton with the given line search (tried from α₀ = 1). */
  public static Newton with(LineSearch lineSearch) {
    return new Newton(lineSearch);
  }

  @Override
  String methodName() {
    return "Newton";
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
        objective.hasHessian(),
        "Newton needs a Hessian but the objective has none; use"
            + " JavaObjective.withHessian or withFiniteDifferenceHessian");
  }

  /**
   * Solves B d = −g with B the Hessian H (n×n row-major) or its eigenvalue modification, writing d
   * into {@code direction}. Returns 0 if H was positive definite, δ if it was modified, NaN if no
   * direction could be computed.
   */
  static double solveModified(double[] hessian, double[] gradient, double[] direction, int n) {
    DMatrixRMaj matrix = new DMatrixRMaj(n, n);
    System.arraycopy(hessian, 0, matrix.data, 0, n * n);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(n);
    DMatrixRMaj rightHandSide = new DMatrixRMaj(n, 1);
    for (int i = 0; i < n; i++) {
      rightHandSide.data[i] = -gradient[i];
    }
    DMatrixRMaj solution = new DMatrixRMaj(n, 1);
    if (solver.setA(matrix)) {
      solver.solve(rightHandSide, solution);
      if (Vectors.allFinite(solution.data)) {
        System.arraycopy(solution.data, 0, direction, 0, n);
        return 0;
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, true, true);
    System.arraycopy(hessian, 0, matrix.data, 0, n * n);
    if (!eigen.decompose(matrix)) {
      return Double.NaN;
    }
    double largest = 0;
    for (int k = 0; k < n; k++) {
      largest = Math.max(largest, Math.abs(eigen.getEigenvalue(k).real));
    }
    double floor = Math.max(1e-8 * largest, Double.MIN_NORMAL);
    java.util.Arrays.fill(direction, 0);
    for (int k = 0; k < n; k++) {
      double lambda = Math.max(Math.abs(eigen.getEigenvalue(k).real), floor);
      DMatrixRMaj q = eigen.getEigenVector(k);
      double projection = 0;
      for (int i = 0; i < n; i++) {
        projection += q.data[i] * gradient[i];
      }
      for (int i = 0; i < n; i++) {
        direction[i] -= projection / lambda * q.data[i];
      }
    }
    return Vectors.allFinite(direction) ? floor : Double.NaN;
  }

  private static final class Run extends LineSearchRun {
    private final double[] hessian;

    Run(Objective objective, LineSearch lineSearch, double[] x0) {
      super(objective, lineSearch, x0);
      this.hessian = new double[dimension * dimension];
    }

    Run(Objective objective, LineSearch lineSearch, OptimizerState state) {
      super(objective, lineSearch, state);
      this.hessian = new double[dimension * dimension];
    }

    @Override
    void computeDirection(double[] direction) {
      objective.hessian(point, hessian);
      if (!Vectors.allFinite(hessian)
          || Double.isNaN(solveModified(hessian, gradient, direction, dimension))) {
        java.util.Arrays.fill(direction, Double.NaN);
      }
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
