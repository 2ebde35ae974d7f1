package dev.tokenvault.cli;

import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.file.FileTokenStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the environment and global options of the run, and opening the
 * key ring and the vault. A subcommand reports success by returning from {@link #execute()} and
 * failure by throwing; the exit code follows.
 */
@Command(mixinStandardHelpOptions = true,
    versionProvider = TokenVaultCommand.Version.class)
abstract class Subcommand implements Callable<Integer> {
  @ParentCommand TokenVaultCommand root;

  @Spec CommandSpec spec;

  /** Does the command's work, printing its report. */
  abstract void execute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    execute();
    return CommandLine.ExitCode.OK;
  }

  CliEnvironment env() {
    return root.env;
  }

  GlobalOptions options() {
    return root.options;
  }

  PrintWriter out() {
    return root.env.out;
  }

  /** Returns a usage error about this command, which exits with 2 and shows its help. */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Work done with the key ring and the vault open. */
  @FunctionalInterface
  interface VaultWork<T> {
    T apply(KeyRing keys, FileTokenStore vault) throws Exception;
  }

  /**
   * Opens the key ring and the existing vault (read-only if asked), does {@code work}, and
   * closes both. A missing vault is reported before any password is asked.
   */
  <T> T withVault(boolean readOnly, VaultWork<T> work) throws Exception {
    options().requireVault(env());
    try (KeyRing keys = options().openKeys(env());
        FileTokenStore vault = options().openVault(env(), keys, readOnly)) {
      return work.apply(keys, vault);
    }
  }
}
