/**
 * JMH benchmarks of Adjoint's graph overhead, each measured against hand-written Java computing the
 * same value and gradient in the same run.
 *
 * <p>Each problem ({@link dev.adjoint.bench.Neuron}, {@link dev.adjoint.bench.ScalarChain}, {@link
 * dev.adjoint.bench.Mlp}) holds its expression and data; its baseline class holds the hand-written
 * loops; its benchmark classes time one against the other. Build with {@code mvn -pl bench -am
 * package -DskipTests} and run {@code java -jar bench/target/benchmarks.jar}; {@code
 * bench/README.md} has the latest table.
 */
package dev.adjoint.bench;
