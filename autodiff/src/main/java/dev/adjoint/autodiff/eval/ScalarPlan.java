package dev.adjoint.autodiff.eval;

/**
 * What code generation reads of a compiled {@link Program}: its instructions in order, the scalar
 * ones with their operand and output slots, and what each value must leave behind. A view of the
 * program's arrays; nothing is copied.
 *
 * @param instructionNodes the schedule position of each instruction
 * @param scalarInstructions by schedule position: the scalar instruction, or {@code null}
 * @param operandStart by schedule position: where its operand slots start in {@code operandSlots}
 * @param operandSlots the operand slots of every node
 * @param slotOfNode by schedule position: the slot written
 * @param exported by instruction: whether its value is also copied to its buffer
 * @param localUntil by instruction: the schedule position of the last node reading its value when
 *     only scalar instructions read it and it need not outlive the run, else {@code -1}
 * @param dependencies by instruction: the bits of the variables it depends on
 */
record ScalarPlan(
    int[] instructionNodes,
    ScalarInstruction[] scalarInstructions,
    int[] operandStart,
    int[] operandSlots,
    int[] slotOfNode,
    boolean[] exported,
    int[] localUntil,
    int[] dependencies) {

  /** The number of instructions. */
  int count() {
    return instructionNodes.length;
  }

  /** Instruction {@code k} as a scalar instruction, or {@code null} when a kernel runs it. */
  ScalarInstruction instruction(int k) {
    return scalarInstructions[instructionNodes[k]];
  }

  /** The index in {@link #operandSlot} of instruction {@code k}'s first operand. */
  int firstOperand(int k) {
    return operandStart[instructionNodes[k]];
  }

  /** The slot of operand {@code j} (an index from {@link #firstOperand}). */
  int operandSlot(int j) {
    return operandSlots[j];
  }

  /** The slot instruction {@code k} writes. */
  int outputSlot(int k) {
    return slotOfNode[instructionNodes[k]];
  }

  /** Whether instruction {@code k}'s value is copied to its buffer. */
  boolean exported(int k) {
    return exported[k];
  }

  /**
   * Whether instruction {@code k}'s value is read only by instructions before {@code end} (and
   * after {@code k}) and need not outlive the run, so that code for {@code [k, end)} may keep it in
   * a local.
   */
  boolean localBefore(int k, int end) {
    return localUntil[k] >= 0 && localUntil[k] <= instructionNodes[end - 1];
  }

  /** The variable bits instruction {@code k} depends on. */
  int dependencies(int k) {
    return dependencies[k];
  }
}
