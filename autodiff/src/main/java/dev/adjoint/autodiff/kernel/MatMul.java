package dev.adjoint.autodiff.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Dense matrix products on row-major arrays: {@code C[m×n] = A[m×k] · B[k×n]}.
 *
 * <p>Small products run in a plain i-k-j loop (EJML's setup costs more than the arithmetic); larger
 * ones go to EJML, which shares the arrays through {@link DMatrixRMaj#wrap} without copying. The
 * output must not alias an input.
 */
public final class MatMul {
  /** Below this many multiply-adds the plain loop is used. */
  static final long EJML_THRESHOLD = 32L * 32 * 32;

  private MatMul() {}

  /** {@code c = a · b}, overwriting {@code c}. */
  public static void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    if (a == c || b == c) {
      throw new IllegalArgumentException("matmul output aliases an input");
    }
    if ((long) m * k * n < EJML_THRESHOLD) {
      multiplyLoop(a, b, c, m, k, n);
      return;
    }
    // wrap() adopts the arrays; the sizes match exactly, so EJML never reallocates c.
    DMatrixRMaj ma = DMatrixRMaj.wrap(m, k, a);
    DMatrixRMaj mb = DMatrixRMaj.wrap(k, n, b);
    DMatrixRMaj mc = DMatrixRMaj.wrap(m, n, c);
    CommonOps_DDRM.mult(ma, mb, mc);
    if (mc.data != c) {
      throw new IllegalStateException("EJML reallocated the product's output");
    }
  }

  private static void multiplyLoop(double[] a, double[] b, double[] c, int m, int k, int n) {
    java.util.Arrays.fill(c, 0, m * n, 0.0);
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      for (int p = 0; p < k; p++) {
        double aip = a[i * k + p];
        int bp = p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }
}
