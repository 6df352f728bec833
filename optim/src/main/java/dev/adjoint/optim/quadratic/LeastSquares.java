package dev.adjoint.optim.quadratic;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.optim.Objective;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The linear least-squares problem
 *
 * <pre>
 *   min_x f(x) = ‖Ax − b‖² + λ‖x‖²,   A ∈ ℝ^{m×n},  b ∈ ℝᵐ,  λ ≥ 0,
 * </pre>
 *
 * with ∇f = 2(Aᵀ(Ax − b) + λx) and ∇²f = 2(AᵀA + λI). Its closed-form solution solves the normal
 * equations (AᵀA + λI) x = Aᵀb by Cholesky ({@link #solveNormalEquations()}); {@link #objective()}
 * gives the same f to the iterative methods. The normal equations square the condition number of A;
 * they are accurate for well-conditioned A (κ(A) ≪ 10⁸).
 *
 * <p>Immutable: A and b are copied.
 *
 * <p>Immutable and thread-safe: its matrices are only read.
 */
public final class LeastSquares {
  private final int rows;
  private final int columns;
  private final DMatrixRMaj design;
  private final DMatrixRMaj targets;
  private final double ridge;

  private LeastSquares(DMatrixRMaj design, DMatrixRMaj targets, double ridge) {
    this.rows = design.numRows;
    this.columns = design.numCols;
    this.design = design;
    this.targets = targets;
    this.ridge = ridge;
  }

  /**
   * The problem for A given row by row ({@code design[i]} is row i) and b.
   *
   * @throws IllegalArgumentException if A is empty, ragged or not finite, or b has the wrong length
   */
  public static LeastSquares of(double[][] design, double[] targets) {
    checkArgument(design != null && design.length > 0, "design matrix A has no rows");
    checkArgument(design[0] != null && design[0].length > 0, "design matrix A has no columns");
    int columns = design[0].length;
    double[] flat = new double[design.length * columns];
    for (int i = 0; i < design.length; i++) {
      checkArgument(
          design[i] != null && design[i].length == columns,
          "row %s of A has length %s but row 0 has %s",
          i,
          design[i] == null ? null : design[i].length,
          columns);
      System.arraycopy(design[i], 0, flat, i * columns, columns);
    }
    return of(design.length, columns, flat, targets);
  }

  /**
   * The problem for A given row-major ({@code design[i * columns + j] = A_ij}) and b.
   *
   * @throws IllegalArgumentException if the sizes do not fit or a value is not finite
   */
  public static LeastSquares of(int rows, int columns, double[] design, double[] targets) {
    checkArgument(rows >= 1 && columns >= 1, "A must be at least 1×1, got %s×%s", rows, columns);
    checkArgument(
        design != null && design.length == rows * columns,
        "A must have %s×%s = %s entries",
        rows,
        columns,
        rows * columns);
    checkArgument(
        targets != null && targets.length == rows,
        "b must have length %s (the rows of A), got %s",
        rows,
        targets == null ? null : targets.length);
    checkFinite("A", design);
    checkFinite("b", targets);
    return new LeastSquares(
        DMatrixRMaj.wrap(rows, columns, design.clone()),
        DMatrixRMaj.wrap(rows, 1, targets.clone()),
        0);
  }

  private static void checkFinite(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      checkArgument(Double.isFinite(values[i]), "%s[%s] is not finite: %s", name, i, values[i]);
    }
  }

  /** This problem with ridge penalty λ‖x‖². */
  public LeastSquares withRidge(double lambda) {
    checkArgument(lambda >= 0 && Double.isFinite(lambda), "ridge λ must be ≥ 0, got %s", lambda);
    return new LeastSquares(design, targets, lambda);
  }

  /** The number n of unknowns. */
  public int dimension() {
    return columns;
  }

  /**
   * The minimiser x* = (AᵀA + λI)⁻¹Aᵀb, by Cholesky factorisation of AᵀA + λI.
   *
   * @throws IllegalArgumentException if AᵀA + λI is not positive definite (A rank-deficient and λ =
   *     0)
   */
  public double[] solveNormalEquations() {
    DMatrixRMaj normal = new DMatrixRMaj(columns, columns);
    CommonOps_DDRM.multTransA(design, design, normal);
    for (int i = 0; i < columns; i++) {
      normal.unsafe_set(i, i, normal.unsafe_get(i, i) + ridge);
    }
    DMatrixRMaj rightHandSide = new DMatrixRMaj(columns, 1);
    CommonOps_DDRM.multTransA(design, targets, rightHandSide);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(columns);
    checkArgument(
        solver.setA(normal),
        "AᵀA + λI is not positive definite (A is %s×%s, λ = %s): the columns of A are linearly"
            + " dependent; add a ridge penalty",
        rows,
        columns,
        ridge);
    DMatrixRMaj solution = new DMatrixRMaj(columns, 1);
    solver.solve(rightHandSide, solution);
    return solution.data.clone();
  }

  /** f(x) = ‖Ax − b‖² + λ‖x‖² with its gradient and exact Hessian 2(AᵀA + λI). */
  public Objective objective() {
    return new Objective() {
      @Override
      public int dimension() {
        return columns;
      }

      @Override
      public double valueAndGradient(double[] x, double[] gradient) {
        checkVector("x", x);
        checkVector("gradient", gradient);
        double[] a = design.data;
        double[] b = targets.data;
        java.util.Arrays.fill(gradient, 0);
        double value = 0;
        for (int i = 0; i < rows; i++) {
          double residual = -b[i];
          for (int j = 0; j < columns; j++) {
            residual += a[i * columns + j] * x[j];
          }
          value += residual * residual;
          for (int j = 0; j < columns; j++) {
            gradient[j] += 2 * a[i * columns + j] * residual;
          }
        }
        for (int j = 0; j < columns; j++) {
          value += ridge * x[j] * x[j];
          gradient[j] += 2 * ridge * x[j];
        }
        return value;
      }

      @Override
      public boolean hasHessianVectorProduct() {
        return true;
      }

      @Override
      public void hessianVectorProduct(double[] x, double[] v, double[] result) {
        checkVector("v", v);
        checkVector("result", result);
        double[] a = design.data;
        java.util.Arrays.fill(result, 0);
        for (int i = 0; i < rows; i++) {
          double av = 0;
          for (int j = 0; j < columns; j++) {
            av += a[i * columns + j] * v[j];
          }
          for (int j = 0; j < columns; j++) {
            result[j] += 2 * a[i * columns + j] * av;
          }
        }
        for (int j = 0; j < columns; j++) {
          result[j] += 2 * ridge * v[j];
        }
      }

      @Override
      public void hessian(double[] x, double[] result) {
        checkArgument(
            result != null && result.length == columns * columns,
            "result must have length n² = %s",
            columns * columns);
        DMatrixRMaj normal = DMatrixRMaj.wrap(columns, columns, result);
        CommonOps_DDRM.multTransA(design, design, normal);
        for (int k = 0; k < result.length; k++) {
          result[k] *= 2;
        }
        for (int j = 0; j < columns; j++) {
          result[j * columns + j] += 2 * ridge;
        }
      }

      private void checkVector(String name, double[] vector) {
        checkArgument(
            vector != null && vector.length == columns,
            "%s must have length %s, got %s",
            name,
            columns,
            vector == null ? null : vector.length);
      }
    };
  }
}
