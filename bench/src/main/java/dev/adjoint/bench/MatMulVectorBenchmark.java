package dev.adjoint.bench;

import dev.adjoint.autodiff.kernel.MatMul;
import dev.ludovic.netlib.blas.BLAS;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link MatMulBenchmark}'s products in a JVM started with {@code --add-modules
 * jdk.incubator.vector}: Adjoint's Vector API kernel on one thread and on its default threads, and
 * netlib-java's {@code BLAS.getInstance()} (its {@code VectorBLAS} when no native BLAS is
 * installed). EJML, ojAlgo and the naive loop do not use the module, so they are measured once, in
 * {@link MatMulBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MatMulVectorBenchmark {
  /** {@code m x k x n}, as in {@link MatMulBenchmark}. */
  @Param({"64x64x64", "256x256x256", "512x512x512", "1024x1024x1024", "64x784x128"})
  public String size;

  final MatMulBenchmark operands = new MatMulBenchmark();

  /** The same seeded operands as {@link MatMulBenchmark}; fails if the module did not load. */
  @Setup
  public void setUp() {
    if (!MatMul.vectorApi()) {
      throw new IllegalStateException(
          "MatMulVectorBenchmark needs --add-modules jdk.incubator.vector (its @Fork adds it;"
              + " do not run it with -f 0 or override -jvmArgsAppend)");
    }
    prepare();
  }

  /** The operands alone (tests call this in a JVM without the module). */
  void prepare() {
    operands.size = size;
    operands.setUp();
  }

  /** Adjoint's Vector API kernel, on the calling thread only. */
  @Benchmark
  public double[] adjoint() {
    MatMulBenchmark o = operands;
    MatMul.multiply(o.a, false, o.b, false, o.c, o.m, o.k, o.n, 1);
    return o.c;
  }

  /** Adjoint's Vector API kernel with its default threads ({@code adjoint.matmul.threads}). */
  @Benchmark
  public double[] adjointThreads() {
    MatMulBenchmark o = operands;
    MatMul.multiply(o.a, o.b, o.c, o.m, o.k, o.n);
    return o.c;
  }

  /** netlib-java's {@code BLAS.getInstance()}: {@code VectorBLAS} with the module. */
  @Benchmark
  public double[] netlib() {
    MatMulBenchmark o = operands;
    MatMulBenchmark.dgemm(BLAS.getInstance(), o.a, o.b, o.c, o.m, o.k, o.n);
    return o.c;
  }
}
