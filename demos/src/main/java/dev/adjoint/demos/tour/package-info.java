/**
 * {@code adjoint tour}: the story of the project in three acts, each a small class writing to the
 * terminal, with plots saved to the output folder.
 */
package dev.adjoint.demos.tour;
