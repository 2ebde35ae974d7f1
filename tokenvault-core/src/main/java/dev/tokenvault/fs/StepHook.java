package dev.tokenvault.fs;

import java.io.IOException;

/**
 * Observes the steps of a durable write. The default hook does nothing; a test hook throws to
 * simulate a failure or a crash at a chosen step.
 */
@FunctionalInterface
public interface StepHook {
  /** The hook that does nothing. */
  StepHook NONE = (step, done) -> {};

  /**
   * Called before ({@code done == false}) and after ({@code done == true}) {@code step}.
   *
   * @throws IOException to make the write fail at this point
   */
  void at(WriteStep step, boolean done) throws IOException;
}
