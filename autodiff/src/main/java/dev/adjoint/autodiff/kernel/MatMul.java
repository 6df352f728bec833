package dev.adjoint.autodiff.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Dense matrix products on row-major arrays: {@code C[m×n] = A[m×k] · B[k×n]}.
 *
 * <p>Small products run in a plain i-k-j loop (EJML's setup costs more than the arithmetic); larger
 * ones go to EJML, through per-thread wrappers that point at the arrays without copying. The output
 * must not alias an input.
 *
 * <p>Stateless and thread-safe: each thread points its own EJML wrappers at the arrays.
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
    // EJML works on DMatrixRMaj objects; rather than wrapping the arrays in new ones on every run
    // (which allocates), each thread re-points three reusable wrappers at them. The sizes match
    // exactly, so EJML never reallocates c.
    DMatrixRMaj[] w = WRAPPERS.get();
    DMatrixRMaj ma = point(w[0], m, k, a);
    DMatrixRMaj mb = point(w[1], k, n, b);
    DMatrixRMaj mc = point(w[2], m, n, c);
    try {
      CommonOps_DDRM.mult(ma, mb, mc);
      if (mc.data != c) {
        throw new IllegalStateException("EJML reallocated the product's output");
      }
    } finally {
      ma.data = mb.data = mc.data = EMPTY; // do not keep the caller's buffers reachable
    }
  }

  private static final double[] EMPTY = new double[0];

  private static final ThreadLocal<DMatrixRMaj[]> WRAPPERS =
      ThreadLocal.withInitial(
          () ->
              new DMatrixRMaj[] {
                new DMatrixRMaj(0, 0), new DMatrixRMaj(0, 0), new DMatrixRMaj(0, 0)
              });

  private static DMatrixRMaj point(DMatrixRMaj wrapper, int rows, int cols, double[] data) {
    wrapper.data = data;
    wrapper.numRows = rows;
    wrapper.numCols = cols;
    return wrapper;
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
