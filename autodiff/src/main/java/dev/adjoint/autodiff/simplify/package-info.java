/**
 * The simplifier: named rewrite rules ({@code x·1 → x}, {@code log(σ(x)) → −softplus(−x)}) applied
 * to a fixpoint, in phases (canonicalize, then stabilize).
 *
 * <p>{@link dev.adjoint.autodiff.simplify.Simplifier#simplify} is the entry point; {@link
 * dev.adjoint.autodiff.simplify.Rules} is the rule table, each rule a {@link
 * dev.adjoint.autodiff.simplify.Pattern} with named side conditions and its effect on values. The
 * canonical form puts the operands of sums and products in one order, collects scalar factors in
 * front and like terms together, so that trivially equivalent formulas become the same
 * (hash-consed) node; a sum or product used in several places is kept whole, so that it is still
 * computed once. Rewrites never change a shape, keep the value wherever the expression and its
 * subexpressions are finite, and only the rules marked domain-extending may turn an undefined value
 * ({@code 0·∞}) into a number; {@link dev.adjoint.autodiff.simplify.Simplifier#valuePreserving()}
 * leaves those out.
 */
package dev.adjoint.autodiff.simplify;
