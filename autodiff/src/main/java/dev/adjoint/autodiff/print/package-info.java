/**
 * Printers: the plain, parseable form ({@link dev.adjoint.autodiff.print.PlainPrinter}), Unicode
 * math and LaTeX with shared subexpressions named ({@link dev.adjoint.autodiff.print.Printer}), and
 * Graphviz DOT ({@link dev.adjoint.autodiff.print.DotExporter}). Parentheses come from the
 * precedence table in {@link dev.adjoint.autodiff.op.Notation}; no printer recurses over the graph.
 */
package dev.adjoint.autodiff.print;
