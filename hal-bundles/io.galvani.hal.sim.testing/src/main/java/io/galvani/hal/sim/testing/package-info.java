/**
 * Test support shared by the simulator and station modules' unit tests: a deterministic inline scheduler,
 * a scheduler on virtual time, a hand-moved clock, typed DS configurations without a framework, and a fake
 * {@code Connector}.
 * Plain jar, not a bundle; use it with {@code <scope>test</scope>}.
 */
package io.galvani.hal.sim.testing;
