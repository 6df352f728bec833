/**
 * The expression language: {@link dev.adjoint.autodiff.parse.Parser} reads text such as {@code
 * sum((sigmoid(W @ X) - y)^2)} (or its Unicode form {@code sum((σ(W·X) − y)²)}) into an {@link
 * dev.adjoint.autodiff.Expr}, reporting every problem as a {@link
 * dev.adjoint.autodiff.parse.ParseException} with the position.
 */
package dev.adjoint.autodiff.parse;
