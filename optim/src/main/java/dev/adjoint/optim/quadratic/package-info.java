/**
 * Closed-form solutions for quadratic objectives, to set beside the iterative methods: {@link
 * dev.adjoint.optim.quadratic.LeastSquares} solves min ‖Ax − b‖² + λ‖x‖² by the normal equations
 * with EJML's Cholesky solver, and exposes the same problem as an {@link
 * dev.adjoint.optim.Objective} with its exact Hessian.
 */
package dev.adjoint.optim.quadratic;
