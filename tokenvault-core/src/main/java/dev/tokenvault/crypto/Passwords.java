package dev.tokenvault.crypto;

import static java.util.Objects.requireNonNull;

import dev.tokenvault.KeystoreUnavailableException;
import dev.tokenvault.VaultException;
import dev.tokenvault.VaultIoException;
import dev.tokenvault.fs.SecureFiles;
import java.io.Console;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Makes {@link PasswordSource}s: from an array the caller holds, a file, an environment
 * variable, or a prompt on the console. There is deliberately no source for a string or a
 * command-line argument: those stay in memory, in shell history and in process listings.
 */
public final class Passwords {
  /** The environment variable the command line reads by default. */
  public static final String DEFAULT_ENVIRONMENT_VARIABLE = "TOKENVAULT_PASSWORD";

  private static final System.Logger LOG = System.getLogger(Passwords.class.getName());

  private Passwords() {}

  /**
   * Returns a source that holds a copy of {@code password}; the caller may zero its own array at
   * once. The copy is zeroed when the source is closed (a key ring closes its source).
   */
  public static PasswordSource of(char[] password) {
    return new HeldPassword(requireNonNull(password, "password").clone(), "the given password");
  }

  /**
   * Returns a source that reads the first line of {@code file}, as UTF-8, each time it is asked.
   * A file that others can read is reported with a WARNING.
   */
  public static PasswordSource fromFile(Path file) {
    requireNonNull(file, "file");
    return new PasswordSource() {
      @Override
      public char[] password() throws VaultException {
        return readFirstLine(file);
      }

      @Override
      public String description() {
        return "password file " + file;
      }
    };
  }

  /**
   * Returns a source that reads the environment variable {@code name} each time it is asked.
   *
   * <p>Limitations: the JDK returns environment variables as immutable strings, which cannot be
   * zeroed; the process environment also holds the value for the life of the process. Prefer a
   * password file where that matters.
   */
  public static PasswordSource fromEnvironment(String name) {
    requireNonNull(name, "name");
    return new PasswordSource() {
      @Override
      public char[] password() throws VaultException {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
          throw new KeystoreUnavailableException(
              "environment variable " + name + " is not set or is empty");
        }
        return value.toCharArray();
      }

      @Override
      public String description() {
        return "environment variable " + name;
      }
    };
  }

  /**
   * Asks for the password on the console with echo off, once, and returns a source holding it
   * until it is closed.
   *
   * @throws KeystoreUnavailableException if there is no console, or the answer is empty
   */
  public static PasswordSource fromConsole(String prompt) throws VaultException {
    Console console = System.console();
    if (console == null) {
      throw new KeystoreUnavailableException(
          "no terminal to ask for the password; use a password file or the "
              + DEFAULT_ENVIRONMENT_VARIABLE + " environment variable");
    }
    char[] answer = console.readPassword("%s", prompt);
    if (answer == null || answer.length == 0) {
      throw new KeystoreUnavailableException("no password was entered");
    }
    return new HeldPassword(answer, "the password typed at the prompt");
  }

  private static char[] readFirstLine(Path file) throws VaultException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
      warnIfExposed(file);
    } catch (IOException e) {
      throw new VaultIoException("cannot read password file " + file, e);
    }
    CharBuffer chars = null;
    try {
      chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      int end = 0;
      while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
        end++;
      }
      if (end == 0) {
        throw new KeystoreUnavailableException("password file " + file + " is empty");
      }
      char[] password = new char[end];
      chars.get(password, 0, end);
      return password;
    } catch (CharacterCodingException e) {
      throw new KeystoreUnavailableException("password file " + file + " is not valid UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (chars != null && chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
    }
  }

  private static void warnIfExposed(Path file) throws IOException {
    Optional<String> exposure = SecureFiles.exposure(file);
    if (exposure.isPresent()) {
      LOG.log(Level.WARNING, "password file {0} is {1}; run chmod 600 on it",
          file, exposure.get());
    }
  }

  /** A source holding one copy of a password, zeroed on close. */
  private static final class HeldPassword implements PasswordSource {
    private final char[] password;
    private final String description;
    private volatile boolean closed;

    HeldPassword(char[] password, String description) {
      this.password = password;
      this.description = description;
    }

    @Override
    public char[] password() {
      if (closed) {
        throw new IllegalStateException("password source is closed");
      }
      return password.clone();
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public void close() {
      closed = true;
      Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
      return "PasswordSource{" + description + "}";
    }
  }
}
