/**
 * The commands of the {@code adjoint} program (picocli), their shared options, the seams to the
 * parser, printers, checker and optimizers, and error reporting.
 */
package dev.adjoint.demos.cli;
