/** Compiled evaluation: {@link dev.adjoint.autodiff.eval.Program} and its workspaces. */
package dev.adjoint.autodiff.eval;
