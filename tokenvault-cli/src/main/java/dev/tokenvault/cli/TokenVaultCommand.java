package dev.tokenvault.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code tokenvault} command: global options and the subcommands. {@link #run} executes one
 * command line in a given environment and returns its exit code: 0 success, 1 failure, 2 usage
 * error.
 */
@Command(name = "tokenvault", mixinStandardHelpOptions = true,
    versionProvider = TokenVaultCommand.Version.class,
    description = "Keeps OAuth tokens sealed in an encrypted vault file: the secure replacement"
        + " for the Zoho SDKs' plaintext token file.",
    subcommands = {
        InitCommand.class, ImportCommand.class, ExportCommand.class, ListCommand.class,
        ShowCommand.class, DeleteCommand.class, ClearCommand.class, VerifyCommand.class,
        RotateCommand.class, KeysCommand.class, CompactCommand.class, StatsCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:failure (one line on stderr says what to do)",
        "2:usage error"},
    footer = {"", "See docs/CLI.md for every command and an example session."})
final class TokenVaultCommand implements Runnable {
  final CliEnvironment env;

  @Mixin GlobalOptions options = new GlobalOptions();

  @Spec CommandSpec spec;

  TokenVaultCommand(CliEnvironment env) {
    this.env = env;
  }

  /** Without a subcommand there is nothing to do: a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command, for example:"
        + " tokenvault init");
  }

  /** Runs one command line in {@code env} and returns its exit code. */
  static int run(CliEnvironment env, String... args) {
    return commandLine(env).execute(args);
  }

  /** Returns the command line for {@code env}, its handlers set, ready to execute. */
  static CommandLine commandLine(CliEnvironment env) {
    TokenVaultCommand root = new TokenVaultCommand(env);
    CommandLine line = new CommandLine(root);
    line.setOut(env.out);
    line.setErr(env.err);
    line.setUsageHelpAutoWidth(env.terminal);
    // The last of a repeated option wins, as in git: a script's defaults can be overridden.
    line.setOverwrittenOptionsAllowed(true);
    line.setColorScheme(CommandLine.Help.defaultColorScheme(
        env.terminal ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
    line.setExecutionExceptionHandler(new Failures(root.options));
    line.setExecutionStrategy(parsed -> {
      root.options.validate(deepest(parsed).commandSpec().commandLine());
      try (Notices notices = Notices.install(env.err, root.options.verbose)) {
        return new CommandLine.RunLast().execute(parsed);
      } finally {
        env.out.flush();
        env.err.flush();
      }
    });
    return line;
  }

  private static CommandLine.ParseResult deepest(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult last = parsed;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    return last;
  }

  /** Reads the version that the build wrote into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = TokenVaultCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"tokenvault " + properties.getProperty("version", "(unknown)")};
    }
  }
}
