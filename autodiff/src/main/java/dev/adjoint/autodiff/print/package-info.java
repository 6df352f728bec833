/** Printers: the plain (parseable) form of expressions. */
package dev.adjoint.autodiff.print;
