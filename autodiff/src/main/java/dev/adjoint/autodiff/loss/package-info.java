/**
 * Loss functions over expressions, defined as PyTorch defines them ({@link
 * dev.adjoint.autodiff.loss.Losses}), each with a {@link dev.adjoint.autodiff.loss.Reduction}.
 */
package dev.adjoint.autodiff.loss;
