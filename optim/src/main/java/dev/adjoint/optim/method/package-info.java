/**
 * Methods that choose a descent direction d_k and take a line-search step x_{k+1} = x_k + α_k d_k:
 * {@link dev.adjoint.optim.method.GradientDescent}, {@link
 * dev.adjoint.optim.method.NonlinearConjugateGradient} (Polak–Ribière+, Fletcher–Reeves,
 * Hestenes–Stiefel), {@link dev.adjoint.optim.method.Lbfgs}, {@link
 * dev.adjoint.optim.method.Newton} (with the Hessian, modified when not positive definite) and
 * {@link dev.adjoint.optim.method.NewtonCg} (with Hessian-vector products).
 *
 * <p>All share one loop: compute d_k; if it is not a descent direction (∇f_kᵀd_k ≥ 0) fall back to
 * −∇f_k and clear the method's memory; search along d_k; if the search fails along a direction
 * other than −∇f_k, clear the memory and search once more along −∇f_k; if that fails too, stop with
 * {@link dev.adjoint.optim.Status#LINE_SEARCH_FAILED} at the last accepted point.
 */
package dev.adjoint.optim.method;
