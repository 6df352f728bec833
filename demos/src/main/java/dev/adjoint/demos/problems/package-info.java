/**
 * The demos' problems as expressions built in Java: linear regression, the mission's sigmoid
 * neuron, Rosenbrock's function and a small multi-layer perceptron, each with seeded data.
 */
package dev.adjoint.demos.problems;
