package dev.adjoint.autodiff.eval;

import org.codehaus.janino.SimpleCompiler;

/**
 * Turns generated Java source into loaded classes: the one compiler behind fused loops ({@link
 * FusedLoops}) and generated scalar code ({@link ScalarCode}), and the seam tests use to make
 * compilation fail.
 */
@FunctionalInterface
interface JavaSourceCompiler {
  /** Compiles {@code sources} (one compilation unit) and loads each of {@code classNames}. */
  Class<?>[] compile(String sources, String... classNames) throws Exception;

  /**
   * Janino, loading the generated classes below Adjoint's class loader (so they see its public op
   * classes), without debugging information.
   */
  JavaSourceCompiler JANINO =
      (sources, classNames) -> {
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(JavaSourceCompiler.class.getClassLoader());
        compiler.setDebuggingInformation(false, false, false);
        compiler.cook(sources);
        Class<?>[] classes = new Class<?>[classNames.length];
        for (int c = 0; c < classNames.length; c++) {
          classes[c] = compiler.getClassLoader().loadClass(classNames[c]);
        }
        return classes;
      };
}
