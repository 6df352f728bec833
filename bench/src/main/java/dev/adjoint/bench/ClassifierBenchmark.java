package dev.adjoint.bench;

import dev.adjoint.autodiff.eval.Program;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The 784-128-10 classifier's loss and four gradients on a batch of 64: the program (set the
 * parameters, execute, copy the gradients out) against {@link ClassifierBaseline}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClassifierBenchmark {
  private Classifier classifier;
  private Program.Workspace workspace;
  private ClassifierBaseline baseline;
  private double[][] gradients;

  /** Compiles the program and binds the data once. */
  @Setup
  public void setUp() {
    classifier = new Classifier(11);
    Program program = classifier.valueAndGradientProgram();
    System.out.printf(
        "%nclassifier 784-128-10: %d nodes, %d buffers%n", program.size(), program.bufferCount());
    workspace = classifier.workspace(program);
    baseline = new ClassifierBaseline();
    gradients = new double[4][];
    for (int p = 0; p < 4; p++) {
      gradients[p] = new double[classifier.parameterValues[p].length];
    }
  }

  /** {@code L} and its gradients through the compiled program. */
  @Benchmark
  public void adjoint(Blackhole blackhole) {
    classifier.setParameters(workspace);
    workspace.execute();
    blackhole.consume(workspace.scalar(0));
    for (int p = 0; p < 4; p++) {
      workspace.copyOutput(p + 1, gradients[p], 0);
    }
    blackhole.consume(gradients);
  }

  /** {@code L} and its gradients by hand-written loops. */
  @Benchmark
  public void baseline(Blackhole blackhole) {
    blackhole.consume(
        baseline.valueAndGradient(
            classifier.parameterValues, classifier.x, classifier.y, gradients));
    blackhole.consume(gradients);
  }
}
