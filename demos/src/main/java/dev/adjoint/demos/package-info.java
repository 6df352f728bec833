/**
 * The {@code adjoint} command-line program ({@link dev.adjoint.demos.Main}) and its demos: the
 * tour, {@code grad}, {@code check}, {@code minimize}, and plotted demos.
 */
package dev.adjoint.demos;
