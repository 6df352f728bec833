/**
 * Adjoint's core: {@link dev.adjoint.autodiff.Shape}, {@link dev.adjoint.autodiff.Tensor}, the
 * immutable expression graph ({@link dev.adjoint.autodiff.Expr}, {@link
 * dev.adjoint.autodiff.Variable}, {@link dev.adjoint.autodiff.Constant}), factories ({@link
 * dev.adjoint.autodiff.Exprs}), values ({@link dev.adjoint.autodiff.Bindings}) and symbolic
 * reverse-mode differentiation ({@link dev.adjoint.autodiff.Gradients}).
 */
package dev.adjoint.autodiff;
