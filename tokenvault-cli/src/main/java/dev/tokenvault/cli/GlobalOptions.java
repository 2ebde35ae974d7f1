package dev.tokenvault.cli;

import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.PasswordSource;
import dev.tokenvault.crypto.Passwords;
import dev.tokenvault.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The options every command accepts, before or after its name: where the vault and the keystore
 * are, where the password comes from, how long to wait for a lock, and how much to say about a
 * failure. Also opens the key ring and the vault the way every command needs them.
 */
final class GlobalOptions {
  static final String VAULT_VARIABLE = "TOKENVAULT_VAULT";
  static final String KEYSTORE_VARIABLE = "TOKENVAULT_KEYSTORE";
  static final String DEFAULT_VAULT = "tokens.vault";
  static final String DEFAULT_KEYSTORE = "keys.p12";

  @Option(names = "--vault", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The vault file: " + DEFAULT_VAULT + " in the current directory unless"
          + " $" + VAULT_VARIABLE + " names another.")
  @Nullable Path vault;

  @Option(names = "--keystore", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The vault's PKCS12 keystore: " + DEFAULT_KEYSTORE + " in the current"
          + " directory unless $" + KEYSTORE_VARIABLE + " names another.")
  @Nullable Path keystore;

  @Option(names = "--password-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Read the keystore password from the first line of FILE.")
  @Nullable Path passwordFile;

  @Option(names = "--password-env", paramLabel = "VAR", scope = ScopeType.INHERIT,
      description = "Read the keystore password from environment variable VAR. Without either"
          + " option: $" + Passwords.DEFAULT_ENVIRONMENT_VARIABLE + " if set, else a prompt"
          + " with echo off. Never from an argument.")
  @Nullable String passwordVariable;

  @Option(names = "--lock-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
      defaultValue = "10s", converter = DurationConverter.class,
      description = "How long to wait while another process holds the vault, for example 500ms,"
          + " 10s or 2m. Default: ${DEFAULT-VALUE}.")
  Duration lockTimeout = Duration.ofSeconds(10);

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "On a failure, also print its causes; print the library's notices.")
  boolean verbose;

  private @Nullable String passwordDescription;

  /** Returns the vault path: the option, else the environment variable, else the default. */
  Path vaultPath(CliEnvironment env) {
    return choose(vault, env.variable(VAULT_VARIABLE), DEFAULT_VAULT);
  }

  /** Returns the keystore path: the option, else the environment variable, else the default. */
  Path keystorePath(CliEnvironment env) {
    return choose(keystore, env.variable(KEYSTORE_VARIABLE), DEFAULT_KEYSTORE);
  }

  /** Returns where the password was taken from, for messages, or null before it was asked. */
  @Nullable String passwordDescription() {
    return passwordDescription;
  }

  /**
   * Opens the existing keystore. A missing or unreadable keystore is reported before a password
   * is asked for.
   *
   * @throws VaultException if the keystore is missing or unreadable, or the password is wrong
   */
  KeyRing openKeys(CliEnvironment env) throws VaultException {
    return openKeys(env, KeyRing.DEFAULT_ITERATIONS);
  }

  /**
   * Opens the existing keystore; keys it adds get {@code iterations} PBKDF2 iterations.
   *
   * @throws VaultException if the keystore is missing or unreadable, or the password is wrong
   */
  KeyRing openKeys(CliEnvironment env, int iterations) throws VaultException {
    return KeyRing.builder(keystorePath(env)).password(passwords(env, false))
        .iterations(iterations).open();
  }

  /**
   * Checks that the vault exists, before any password is asked.
   *
   * @throws CliFailure if it does not
   */
  void requireVault(CliEnvironment env) throws CliFailure {
    Path path = vaultPath(env);
    if (!Files.exists(path)) {
      throw new CliFailure("vault " + path + " does not exist",
          "create it with 'tokenvault init', or name it with --vault");
    }
  }

  /**
   * Opens the existing vault under {@code keys}, read-only for commands that only read.
   *
   * @throws VaultException if it cannot be opened
   */
  FileTokenStore openVault(CliEnvironment env, KeyRing keys, boolean readOnly)
      throws VaultException {
    return FileTokenStore.builder(vaultPath(env), keys).lockTimeout(lockTimeout)
        .readOnly(readOnly).open();
  }

  /**
   * Returns the password source the options name. A prompt is shown only when the keystore asks
   * for the password, after it was found and read; with {@code confirm} (for a keystore being
   * created) the password is asked twice and must match.
   */
  PasswordSource passwords(CliEnvironment env, boolean confirm) {
    PasswordSource source;
    if (passwordFile != null) {
      source = Passwords.fromFile(passwordFile);
    } else if (passwordVariable != null) {
      source = new EnvironmentPassword(env, passwordVariable);
    } else if (env.variable(Passwords.DEFAULT_ENVIRONMENT_VARIABLE) != null) {
      source = new EnvironmentPassword(env, Passwords.DEFAULT_ENVIRONMENT_VARIABLE);
    } else {
      source = new PromptedPassword(env.prompt, confirm);
    }
    passwordDescription = source.description();
    return source;
  }

  /**
   * Checks the options against each other once they are parsed.
   *
   * @throws ParameterException if two password sources are named
   */
  void validate(CommandLine command) {
    if (passwordFile != null && passwordVariable != null) {
      throw new ParameterException(command,
          "--password-file and --password-env are mutually exclusive: give one");
    }
  }

  private static Path choose(@Nullable Path option, @Nullable String variable, String fallback) {
    if (option != null) {
      return option;
    }
    return Path.of(variable != null ? variable : fallback);
  }

  /** A password typed at the prompt, asked for the first time it is needed, then held. */
  private static final class PromptedPassword implements PasswordSource {
    private final CliEnvironment.PasswordPrompt prompt;
    private final boolean confirm;
    private @Nullable PasswordSource typed;

    PromptedPassword(CliEnvironment.PasswordPrompt prompt, boolean confirm) {
      this.prompt = prompt;
      this.confirm = confirm;
    }

    @Override
    public synchronized char[] password() throws VaultException {
      if (typed == null) {
        typed = confirm ? askTwice() : prompt.ask("Keystore password: ");
      }
      return typed.password();
    }

    private PasswordSource askTwice() throws VaultException {
      PasswordSource first = prompt.ask("Keystore password: ");
      try (PasswordSource second = prompt.ask("The same password again: ")) {
        char[] a = first.password();
        char[] b = second.password();
        boolean same = Arrays.equals(a, b);
        Arrays.fill(a, '\0');
        Arrays.fill(b, '\0');
        if (!same) {
          first.close();
          throw new VaultException("the two passwords typed differ; nothing was created");
        }
        return first;
      } catch (VaultException | RuntimeException e) {
        first.close();
        throw e;
      }
    }

    @Override
    public String description() {
      return "prompt";
    }

    @Override
    public synchronized void close() {
      if (typed != null) {
        typed.close();
      }
    }
  }

  /**
   * A password read from an environment variable of the run's environment (the process's, or a
   * test's). Like {@link Passwords#fromEnvironment}, whose limitations it shares: the value is
   * an immutable string the JDK holds for the life of the process.
   */
  private static final class EnvironmentPassword implements PasswordSource {
    private final CliEnvironment env;
    private final String name;

    EnvironmentPassword(CliEnvironment env, String name) {
      this.env = env;
      this.name = name;
    }

    @Override
    public char[] password() throws VaultException {
      String value = env.variable(name);
      if (value == null) {
        throw new dev.tokenvault.KeystoreUnavailableException(
            "environment variable " + name + " is not set or is empty");
      }
      return value.toCharArray();
    }

    @Override
    public String description() {
      return "environment variable " + name;
    }
  }
}
