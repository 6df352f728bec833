/**
 * Optimizers fed by gradients: the {@link dev.adjoint.optim.Objective} plug, the {@link
 * dev.adjoint.optim.Minimizer} interface every method implements, the {@link
 * dev.adjoint.optim.Optimization} driver that runs a minimizer under composable {@link
 * dev.adjoint.optim.StoppingRule}s, and the immutable {@link dev.adjoint.optim.OptimizationResult}
 * it returns.
 *
 * <p>A point is a flat {@code double[]}: one or more tensors laid end to end, each row-major. The
 * library never prints; progress is reported to {@link dev.adjoint.optim.IterationListener}s.
 *
 * <p>{@link dev.adjoint.optim.Parameters} holds a model's variables with their values in that
 * layout, initialised by {@link dev.adjoint.optim.Initializer}s (PyTorch's {@code torch.nn.init}),
 * and evaluates a fitted model on new data in one call.
 *
 * <p>Subpackages: {@code linesearch} (Armijo backtracking, strong Wolfe), {@code method} (gradient
 * descent, nonlinear conjugate gradient, L-BFGS, Newton, Newton-CG), {@code firstorder} (SGD,
 * momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW, learning-rate schedules, minibatch
 * objectives), {@code quadratic} (closed-form least squares).
 */
package dev.adjoint.optim;
