/**
 * Gradient checking: autodiff gradients against central finite differences (with a step scaled to
 * each element and, on request, Richardson extrapolation), and hand-derived gradients against both.
 *
 * <p>Start at {@link dev.adjoint.autodiff.check.GradientCheck}; the result is a {@link
 * dev.adjoint.autodiff.check.GradientCheckReport} whose {@code toString} reads well in a test
 * failure. Elements whose finite-difference stencil crosses a kink ({@code relu}, {@code abs},
 * {@code max}, {@code min}, {@code where}) are reported as such and not judged. AssertJ assertions
 * live apart, in {@code dev.adjoint.autodiff.check.assertj}, so this package does not need AssertJ.
 */
package dev.adjoint.autodiff.check;
