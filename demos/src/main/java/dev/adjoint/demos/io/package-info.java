/**
 * Reading and writing values for the command line: JSON numbers and nested arrays to {@link
 * dev.adjoint.autodiff.Tensor}s and back (with Jackson), and {@code NAME=VALUE} assignments.
 */
package dev.adjoint.demos.io;
