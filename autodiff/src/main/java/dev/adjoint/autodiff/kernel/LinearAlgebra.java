package dev.adjoint.autodiff.kernel;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;

/**
 * Dense linear algebra on a batch of {@code n×n} matrices stored one after another in a row-major
 * {@code double[]}, through EJML's LU and Cholesky decompositions.
 *
 * <p>A matrix that is singular to working precision gives non-finite results rather than rounding
 * noise: its inverse and solutions are NaN and its log-determinant is −∞, so that checked
 * evaluation names the op. A matrix counts as singular when a pivot of its LU factorisation (with
 * partial pivoting) is at most {@code n·ε} times its largest entry, the rank tolerance NumPy's
 * {@code matrix_rank} applies to singular values. Its determinant is still the product of the
 * pivots, which is accurate to {@code n·ε·‖A‖ⁿ} and is 0 for an exactly singular matrix.
 *
 * <p>Stateless and thread-safe; each call allocates its decomposition.
 */
public final class LinearAlgebra {
  private LinearAlgebra() {}

  private static final double EPS = Math.ulp(1.0);

  /** An LU factorisation of one matrix of the batch, and whether it is numerically singular. */
  private static final class Lu {
    final LinearSolverLu_DDRM solver;
    final DMatrixRMaj lu;
    final boolean singular;
    final double pivotSign;

    Lu(double[] a, int offset, int n) {
      DMatrixRMaj m = new DMatrixRMaj(n, n);
      System.arraycopy(a, offset, m.data, 0, n * n);
      double scale = 0;
      for (int i = 0; i < n * n; i++) {
        scale = Math.max(scale, Math.abs(m.data[i]));
      }
      LUDecompositionAlt_DDRM decomposition = new LUDecompositionAlt_DDRM();
      solver = new LinearSolverLu_DDRM(decomposition);
      solver.setA(m);
      lu = decomposition.getLU();
      boolean small = false;
      for (int i = 0; i < n; i++) {
        small |= Math.abs(lu.data[i * n + i]) <= n * EPS * scale;
      }
      singular = small;
      int[] pivot = decomposition.getPivot();
      int swaps = 0;
      boolean[] seen = new boolean[n];
      for (int i = 0; i < n; i++) {
        // each cycle of length c of the row permutation is c − 1 swaps
        if (!seen[i]) {
          int length = 0;
          for (int j = i; !seen[j]; j = pivot[j]) {
            seen[j] = true;
            length++;
          }
          swaps += length - 1;
        }
      }
      pivotSign = swaps % 2 == 0 ? 1 : -1;
    }
  }

  /** {@code out[b] = A[b]⁻¹}, NaN where {@code A[b]} is singular. */
  public static void inverse(double[] a, double[] out, int n, int batch) {
    int size = n * n;
    for (int b = 0; b < batch; b++) {
      Lu lu = new Lu(a, b * size, n);
      if (lu.singular) {
        Arrays.fill(out, b * size, (b + 1) * size, Double.NaN);
        continue;
      }
      DMatrixRMaj inverse = new DMatrixRMaj(n, n);
      lu.solver.invert(inverse);
      System.arraycopy(inverse.data, 0, out, b * size, size);
    }
  }

  /** {@code out[b] = det A[b]}, the signed product of the LU pivots. */
  public static void determinant(double[] a, double[] out, int n, int batch) {
    for (int b = 0; b < batch; b++) {
      Lu lu = new Lu(a, b * n * n, n);
      double det = lu.pivotSign;
      for (int i = 0; i < n; i++) {
        det *= lu.lu.data[i * n + i];
      }
      out[b] = det;
    }
  }

  /**
   * {@code out[b] = log |det A[b]|}, summed from the pivots' logarithms so that it neither
   * overflows nor underflows; −∞ where {@code A[b]} is singular.
   */
  public static void logAbsDeterminant(double[] a, double[] out, int n, int batch) {
    for (int b = 0; b < batch; b++) {
      Lu lu = new Lu(a, b * n * n, n);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Math.log(Math.abs(lu.lu.data[i * n + i]));
      }
      out[b] = lu.singular && !Double.isNaN(sum) ? Double.NEGATIVE_INFINITY : sum;
    }
  }

  /**
   * {@code out[b] = A[b]⁻¹·B[b]} for {@code n×k} right-hand sides {@code B[b]} (k = 1 for a
   * vector), NaN where {@code A[b]} is singular.
   */
  public static void solve(double[] a, double[] rhs, double[] out, int n, int k, int batch) {
    int size = n * k;
    for (int b = 0; b < batch; b++) {
      Lu lu = new Lu(a, b * n * n, n);
      if (lu.singular) {
        Arrays.fill(out, b * size, (b + 1) * size, Double.NaN);
        continue;
      }
      DMatrixRMaj right = new DMatrixRMaj(n, k);
      System.arraycopy(rhs, b * size, right.data, 0, size);
      DMatrixRMaj x = new DMatrixRMaj(n, k);
      lu.solver.solve(right, x);
      System.arraycopy(x.data, 0, out, b * size, size);
    }
  }

  /**
   * {@code out[b] = L} with {@code L·Lᵀ = (A[b] + A[b]ᵀ)/2} and L lower triangular with a positive
   * diagonal (the input is symmetrised first, as JAX does, so that the derivative is the symmetric
   * one); NaN where that matrix is not positive definite.
   */
  public static void cholesky(double[] a, double[] out, int n, int batch) {
    int size = n * n;
    for (int b = 0; b < batch; b++) {
      int offset = b * size;
      DMatrixRMaj m = new DMatrixRMaj(n, n);
      boolean finite = true;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double v = 0.5 * (a[offset + i * n + j] + a[offset + j * n + i]);
          m.data[i * n + j] = v;
          finite &= Double.isFinite(v);
        }
      }
      CholeskyDecompositionInner_DDRM decomposition = new CholeskyDecompositionInner_DDRM(true);
      if (!finite || !decomposition.decompose(m)) {
        Arrays.fill(out, offset, offset + size, Double.NaN);
        continue;
      }
      DMatrixRMaj t = decomposition.getT(null);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          out[offset + i * n + j] = j <= i ? t.data[i * n + j] : 0;
        }
      }
    }
  }
}
