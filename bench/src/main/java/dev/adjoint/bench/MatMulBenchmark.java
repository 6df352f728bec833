package dev.adjoint.bench;

import dev.adjoint.autodiff.kernel.MatMul;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.matrix.store.R064Store;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The dense matrix product {@code C[m×n] = A[m×k] · B[k×n]}: Adjoint's kernel on one thread and on
 * {@link MatMul#threads()} threads, EJML's {@code CommonOps_DDRM.mult}, netlib-java's pure-Java
 * {@code dgemm} ({@code dev.ludovic.netlib:blas}), ojAlgo on one thread, and the textbook i-k-j
 * loop, on the same seeded data, in a JVM without flags (so Adjoint runs its pure-Java kernel;
 * {@link MatMulVectorBenchmark} is the same with the Vector API module). GFLOP/s = {@code 2·m·k·n}
 * / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MatMulBenchmark {
  /** {@code m x k x n}. */
  @Param({"64x64x64", "256x256x256", "512x512x512", "1024x1024x1024", "64x784x128"})
  public String size;

  int m;
  int k;
  int n;
  double[] a;
  double[] b;
  double[] c;
  private DMatrixRMaj ejmlA;
  private DMatrixRMaj ejmlB;
  private DMatrixRMaj ejmlC;
  private R064Store ojB;
  private R064Store ojA;
  private R064Store ojC;

  /** Seeded normal operands and EJML wrappers around the same arrays. */
  @Setup
  public void setUp() {
    int[] dims = Sizes.parse(size, 3);
    m = dims[0];
    k = dims[1];
    n = dims[2];
    Random r = new Random(42);
    a = normals(r, m * k);
    b = normals(r, k * n);
    c = new double[m * n];
    ejmlA = DMatrixRMaj.wrap(m, k, a);
    ejmlB = DMatrixRMaj.wrap(k, n, b);
    ejmlC = DMatrixRMaj.wrap(m, n, c);
    // ojAlgo is column-major: the row-major arrays are Bᵀ, Aᵀ and Cᵀ, and Cᵀ = Bᵀ·Aᵀ.
    OjAlgoUtils.limitThreadsTo(1);
    ojB = R064Store.wrap(b, n);
    ojA = R064Store.wrap(a, k);
    ojC = R064Store.wrap(c, n);
  }

  /** Adjoint's kernel, on the calling thread only. */
  @Benchmark
  public double[] adjoint() {
    MatMul.multiply(a, false, b, false, c, m, k, n, 1);
    return c;
  }

  /** Adjoint's kernel with its default threads ({@code adjoint.matmul.threads}). */
  @Benchmark
  public double[] adjointThreads() {
    MatMul.multiply(a, b, c, m, k, n);
    return c;
  }

  /** EJML 0.46's {@code CommonOps_DDRM.mult} (single-threaded). */
  @Benchmark
  public double[] ejml() {
    CommonOps_DDRM.mult(ejmlA, ejmlB, ejmlC);
    return c;
  }

  /** netlib-java's pure-Java BLAS ({@code Java11BLAS} here: no Vector API module, no native). */
  @Benchmark
  public double[] netlibJava() {
    dgemm(JavaBLAS.getInstance(), a, b, c, m, k, n);
    return c;
  }

  /** ojAlgo 55's {@code fillByMultiplying}, limited to one thread. */
  @Benchmark
  public double[] ojalgo() {
    ojC.fillByMultiplying(ojB, ojA);
    return c;
  }

  /**
   * {@code C = A·B} on row-major arrays through column-major {@code dgemm}: {@code Cᵀ = Bᵀ·Aᵀ},
   * where the row-major arrays read as column-major are exactly {@code Bᵀ}, {@code Aᵀ}, {@code Cᵀ}.
   */
  static void dgemm(BLAS blas, double[] a, double[] b, double[] c, int m, int k, int n) {
    blas.dgemm("N", "N", n, m, k, 1.0, b, n, a, k, 0.0, c, n);
  }

  /** The textbook loop, i-k-j order (row-wise, so it streams B and C). */
  @Benchmark
  public double[] naive() {
    naive(a, b, c, m, k, n);
    return c;
  }

  static void naive(double[] a, double[] b, double[] c, int m, int k, int n) {
    java.util.Arrays.fill(c, 0.0);
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        double aip = a[i * k + p];
        for (int j = 0; j < n; j++) {
          c[i * n + j] += aip * b[p * n + j];
        }
      }
    }
  }

  /** {@code count} seeded standard normals. */
  static double[] normals(Random r, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }
}
