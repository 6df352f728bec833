/** Small generated data sets for the demos, seeded so runs repeat. */
package dev.adjoint.demos.data;
