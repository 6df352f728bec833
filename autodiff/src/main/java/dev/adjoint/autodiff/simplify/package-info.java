/**
 * The simplifier: named rewrite rules ({@code x·1 → x}, {@code log(σ(x)) → −softplus(−x)}) applied
 * to a fixpoint, in phases (canonicalize, then stabilize).
 *
 * <p>{@link dev.adjoint.autodiff.simplify.Simplifier#simplify} is the entry point; {@link
 * dev.adjoint.autodiff.simplify.Rules} is the rule table. The canonical form puts the operands of
 * sums and products in one order, collects scalar factors in front and like terms together, so that
 * trivially equivalent formulas become the same (hash-consed) node; a sum or product used in
 * several places is kept whole, so that it is still computed once. Rewrites never change a value
 * (up to rounding; {@code x/x → 1} assumes {@code x ≠ 0}, as every symbolic system does) and never
 * change a shape.
 */
package dev.adjoint.autodiff.simplify;
