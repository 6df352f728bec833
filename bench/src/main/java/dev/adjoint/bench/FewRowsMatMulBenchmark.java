package dev.adjoint.bench;

import dev.adjoint.autodiff.kernel.MatMul;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A few rows times a matrix, the neuron's two products: {@code W·X} ({@code transB = false}, a row
 * times B as stored) and {@code G·Xᵀ} ({@code transB = true}, dot products with the rows of B), on
 * one thread. Run it with {@code -jvmArgsAppend --add-modules=jdk.incubator.vector} for the Vector
 * API paths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FewRowsMatMulBenchmark {
  /** {@code m x k x n}. */
  @Param({"1x512x512", "4x512x512", "1x64x64"})
  public String size;

  /** Whether B is read transposed ({@code A·Bᵀ}, B stored {@code n×k}). */
  @Param({"false", "true"})
  public boolean transB;

  int m;
  int k;
  int n;
  double[] a;
  double[] b;
  double[] c;

  /** Seeded normal operands. */
  @Setup
  public void setUp() {
    int[] dims = Sizes.parse(size, 3);
    m = dims[0];
    k = dims[1];
    n = dims[2];
    Random r = new Random(42);
    a = MatMulBenchmark.normals(r, m * k);
    b = MatMulBenchmark.normals(r, k * n);
    c = new double[m * n];
  }

  /** Adjoint's kernel on the calling thread. */
  @Benchmark
  public double[] adjoint() {
    MatMul.multiply(a, false, b, transB, c, m, k, n, 1);
    return c;
  }
}
