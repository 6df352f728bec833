/**
 * Line searches: given a descent direction d at x, choose a step α > 0 along φ(α) = f(x + αd).
 *
 * <p>{@link dev.adjoint.optim.linesearch.LineSearch} is the interface; {@link
 * dev.adjoint.optim.linesearch.Backtracking} enforces the Armijo (sufficient decrease) condition
 * and {@link dev.adjoint.optim.linesearch.StrongWolfe} the strong Wolfe conditions. Both shrink the
 * step on a non-finite trial value instead of failing, and report failure (not a descent direction,
 * evaluation limit, interval too small) with a clear status instead of returning a bad step. {@link
 * dev.adjoint.optim.linesearch.ObjectiveLine} adapts an {@link dev.adjoint.optim.Objective} to the
 * one-dimensional {@link dev.adjoint.optim.linesearch.LineFunction}.
 */
package dev.adjoint.optim.linesearch;
