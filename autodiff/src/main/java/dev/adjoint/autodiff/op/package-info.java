/**
 * The {@link dev.adjoint.autodiff.op.Op} contract and one small class per op, each holding its
 * shape rule, forward kernel, notation and symbolic derivative rule side by side.
 */
package dev.adjoint.autodiff.op;
