/**
 * The ARM Generic Timer ({@link dev.hvlab.core.timer.GenericTimer}): the system counter derived
 * from simulated time and the per-CPU timers' PPIs, behind the system register table's
 * {@code counter} and {@code timerListener} hooks.
 */
package dev.hvlab.core.timer;
