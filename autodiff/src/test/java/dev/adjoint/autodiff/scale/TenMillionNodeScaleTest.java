package dev.adjoint.autodiff.scale;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * A graph of ten million nodes builds, differentiates (raw), compiles and evaluates in an 8 GB
 * heap. Profile {@code scale} only (several minutes); its Surefire execution sets {@code -Xmx8g},
 * and the test is skipped under a larger heap.
 */
class TenMillionNodeScaleTest {

  @Test
  void aTenMillionNodeGraphBuildsDifferentiatesCompilesAndEvaluatesInEightGigabytes() {
    // Run by another execution (as -Dtest=... makes every execution do), the heap is not the one
    // this test is about.
    assumeTrue(
        isAbout(Runtime.getRuntime().maxMemory(), 8L << 30),
        "runs only with -Xmx8g (profile scale)");
    ScaleRun.buildDifferentiateCompileEvaluate(10_000_000);
  }

  /** Whether the maximum heap is {@code limit} (the JVM reports a little less than -Xmx). */
  private static boolean isAbout(long maxMemory, long limit) {
    return maxMemory <= limit && maxMemory > limit * 3 / 4;
  }
}
