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
    // Run by another execution (such as -Dtest=... in the default one), the heap is not the one
    // this test is about.
    assumeTrue(
        Runtime.getRuntime().maxMemory() <= 8L << 30, "runs only with -Xmx8g (profile scale)");
    ScaleRun.buildDifferentiateCompileEvaluate(10_000_000);
  }
}
