/**
 * Plain {@code double[]} kernels: elementwise loops over precomputed index maps, reductions,
 * permutations and matrix products (cache-blocked pure Java, or the JDK Vector API when the JVM has
 * {@code --add-modules jdk.incubator.vector}; see {@link dev.adjoint.autodiff.kernel.MatMul}).
 * Nothing here knows about expressions.
 */
package dev.adjoint.autodiff.kernel;
