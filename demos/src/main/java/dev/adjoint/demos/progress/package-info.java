/** Progress bars for long-running demos, shown only on an interactive terminal. */
package dev.adjoint.demos.progress;
