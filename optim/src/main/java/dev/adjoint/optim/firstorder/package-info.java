/**
 * First-order steppers with torch.optim's semantics and defaults — {@link
 * dev.adjoint.optim.firstorder.Sgd} (plain, heavy-ball momentum, Nesterov), {@link
 * dev.adjoint.optim.firstorder.AdaGrad}, {@link dev.adjoint.optim.firstorder.RmsProp}, {@link
 * dev.adjoint.optim.firstorder.Adam} (and AdamW) — driven by {@link
 * dev.adjoint.optim.firstorder.FirstOrderMethod} with a {@link
 * dev.adjoint.optim.firstorder.LearningRateSchedule}, on deterministic objectives or on {@link
 * dev.adjoint.optim.firstorder.MinibatchObjective}s that draw shuffled minibatches epoch by epoch
 * from a seed, keeping or dropping the last, smaller batch of each epoch ({@link
 * dev.adjoint.optim.firstorder.LastBatch}).
 */
package dev.adjoint.optim.firstorder;
