package dev.tokenvault.fs;

/**
 * The steps of a durable whole-file replacement, in order. {@link StepHook} is told of each one
 * before and after it runs, which is how tests inject a failure at every step.
 */
public enum WriteStep {
  /** Create the temporary file beside the target, owner-only. */
  CREATE_TEMP,
  /** Write the new contents to the temporary file. */
  WRITE,
  /** Force the temporary file's contents and metadata to the device. */
  FORCE_FILE,
  /** Move the temporary file over the target atomically: the commit point. */
  MOVE,
  /** Force the directory, so that the move itself survives a crash. */
  FORCE_DIRECTORY
}
