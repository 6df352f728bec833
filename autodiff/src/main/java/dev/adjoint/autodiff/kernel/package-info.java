/**
 * Plain {@code double[]} kernels: elementwise loops over precomputed index maps, reductions,
 * permutations and matrix products (EJML for larger sizes). Nothing here knows about expressions.
 */
package dev.adjoint.autodiff.kernel;
