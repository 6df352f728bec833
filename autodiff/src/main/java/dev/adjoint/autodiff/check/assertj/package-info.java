/**
 * AssertJ assertions for gradients, failing with the full {@link
 * dev.adjoint.autodiff.check.GradientCheckReport}:
 *
 * <pre>{@code
 * assertThatGradientOf(loss).withRespectTo(W).at(bindings).matchesFiniteDifferences();
 * assertThatGradientOf(loss).withRespectTo(W).at(bindings).isCloseTo(hand, withinRelative(1e-10));
 * }</pre>
 *
 * <p>AssertJ is an optional dependency of the autodiff module; only this package needs it, so users
 * without AssertJ never load it.
 */
package dev.adjoint.autodiff.check.assertj;
