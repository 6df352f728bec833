package dev.adjoint.autodiff.kernel;

/**
 * Whether the matrix kernel uses the JDK Vector API ({@code VectorMatMul}): only when the incubator
 * module {@code jdk.incubator.vector} is in the boot layer (the JVM was started with {@code
 * --add-modules jdk.incubator.vector}), its preferred vectors hold at least two doubles, and the
 * system property {@value #PROPERTY} is not {@code false}. Decided once, when this class is
 * initialized; without the module {@code VectorMatMul} is never loaded, so the default JVM runs the
 * pure-Java kernel and prints nothing (the approach Lucene takes for its vector kernels).
 */
final class VectorApi {
  /** The system property that turns the Vector API kernel off ({@code false}) when present. */
  static final String PROPERTY = "adjoint.matmul.vector";

  /** True when products go to {@code VectorMatMul}. */
  static final boolean ENABLED = detect();

  private VectorApi() {}

  private static boolean detect() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
      return false;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorMatMul.LANES >= 2;
    } catch (LinkageError e) {
      // The module is present but unusable (another JDK's incubator API): keep the Java kernel.
      return false;
    }
  }
}
