package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenvault.KeystoreUnavailableException;
import dev.tokenvault.LogCapture;
import dev.tokenvault.TestKeys;
import dev.tokenvault.VaultIoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PasswordsTest {
  @TempDir Path dir;

  private Path passwordFile(byte[] contents) throws Exception {
    Path file = dir.resolve("password.txt");
    Files.write(file, contents);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private Path passwordFile(String contents) throws Exception {
    return passwordFile(contents.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3cret pass", "s3cret pass\n", "s3cret pass\r\n",
      "s3cret pass\nsecond line\n", "s3cret pass\rsecond line"})
  void fromFile_readsTheFirstLineOnly(String contents) throws Exception {
    PasswordSource source = Passwords.fromFile(passwordFile(contents));

    assertThat(source.password()).containsExactly("s3cret pass".toCharArray());
  }

  @Test
  void fromFile_keepsSpacesAndUnicodeOfTheLine() throws Exception {
    PasswordSource source = Passwords.fromFile(passwordFile(" grüße, 鍵 \n"));

    assertThat(new String(source.password())).isEqualTo(" grüße, 鍵 ");
  }

  @Test
  void fromFile_readsTheFileAgainEachTime() throws Exception {
    Path file = passwordFile("first\n");
    PasswordSource source = Passwords.fromFile(file);
    assertThat(source.password()).containsExactly("first".toCharArray());

    Files.writeString(file, "second\n");

    assertThat(source.password()).containsExactly("second".toCharArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "\r\n", "\nthe password on line two\n"})
  void fromFile_emptyFirstLine_isRejectedNamingTheFile(String contents) throws Exception {
    Path file = passwordFile(contents);

    assertThatThrownBy(() -> Passwords.fromFile(file).password())
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessage("password file " + file + " is empty");
  }

  @Test
  void fromFile_invalidUtf8_isRejectedWithoutQuotingIt() throws Exception {
    Path file = passwordFile(new byte[] {'a', 'b', (byte) 0xC3, (byte) 0x28, 'z', '\n'});

    assertThatThrownBy(() -> Passwords.fromFile(file).password())
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessage("password file " + file + " is not valid UTF-8")
        .hasNoCause();
  }

  @Test
  void fromFile_missingFile_throwsNamingIt() {
    Path missing = dir.resolve("no-such-password.txt");

    assertThatThrownBy(() -> Passwords.fromFile(missing).password())
        .isInstanceOf(VaultIoException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void fromFile_groupReadableFile_isReportedWithWarning() throws Exception {
    Path file = passwordFile("pw\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    try (LogCapture logs = LogCapture.start()) {
      assertThat(Passwords.fromFile(file).password()).containsExactly('p', 'w');

      assertThat(logs.messagesAt(Level.WARNING)).containsExactly("password file " + file
          + " is rw-r----- (group can access it); run chmod 600 on it");
    }
  }

  @Test
  void fromFile_ownerOnlyFile_logsNothing() throws Exception {
    Path file = passwordFile("pw\n");

    try (LogCapture logs = LogCapture.start()) {
      Passwords.fromFile(file).password();

      assertThat(logs.messagesAt(Level.WARNING)).isEmpty();
    }
  }

  @Test
  void fromFile_descriptionNamesTheFileNotThePassword() throws Exception {
    Path file = passwordFile("do-not-show\n");

    assertThat(Passwords.fromFile(file).description()).isEqualTo("password file " + file)
        .doesNotContain("do-not-show");
  }

  @Test
  void fromEnvironment_unsetVariable_failsNamingIt() {
    String name = "TOKENVAULT_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_');
    assumeTrue(System.getenv(name) == null);

    assertThatThrownBy(() -> Passwords.fromEnvironment(name).password())
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessage("environment variable " + name + " is not set or is empty");
  }

  @Test
  void fromEnvironment_setVariable_returnsItsValue() throws Exception {
    String value = System.getenv("PATH");
    assumeTrue(value != null && !value.isEmpty(), "PATH is set");

    PasswordSource source = Passwords.fromEnvironment("PATH");

    assertThat(new String(source.password())).isEqualTo(value);
    assertThat(source.description()).isEqualTo("environment variable PATH");
  }

  @Test
  void of_keepsACopy_callerMayZeroItsArray() throws Exception {
    char[] mine = "held-password".toCharArray();
    PasswordSource source = Passwords.of(mine);

    Arrays.fill(mine, '\0');

    assertThat(source.password()).containsExactly("held-password".toCharArray());
  }

  @Test
  void of_returnsAFreshArrayEachTime_soZeroingOneLeavesTheSource() throws Exception {
    PasswordSource source = Passwords.of("held-password".toCharArray());
    char[] first = source.password();

    Arrays.fill(first, '\0');

    assertThat(source.password()).containsExactly("held-password".toCharArray());
  }

  @Test
  void of_close_zeroesTheHeldCopyAndRefusesFurtherUse() throws Exception {
    PasswordSource source = Passwords.of("held-password".toCharArray());
    char[] held = heldArray(source);
    assertThat(held).containsExactly("held-password".toCharArray());

    source.close();

    assertThat(held).containsOnly('\0');
    assertThatThrownBy(source::password).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keyRing_close_zeroesThePasswordItHolds() throws Exception {
    PasswordSource source = Passwords.of(TestKeys.PASSWORD.toCharArray());
    char[] held = heldArray(source);
    KeyRing ring = KeyRing.builder(dir.resolve("keys.p12")).password(source)
        .iterations(TestKeys.ITERATIONS).create();
    assertThat(held).containsExactly(TestKeys.PASSWORD.toCharArray());

    ring.close();

    assertThat(held).containsOnly('\0');
  }

  @Test
  void keyRing_failedOpen_zeroesThePasswordItWasGiven() throws Exception {
    PasswordSource source = Passwords.of("any-password".toCharArray());
    char[] held = heldArray(source);

    assertThatThrownBy(() -> KeyRing.builder(dir.resolve("absent.p12")).password(source).open())
        .isInstanceOf(KeystoreUnavailableException.class);

    assertThat(held).containsOnly('\0');
  }

  @Test
  void toString_namesTheSourceNotThePassword() {
    PasswordSource source = Passwords.of("do-not-show".toCharArray());

    assertThat(source.toString()).isEqualTo("PasswordSource{the given password}");
    assertThat(source.description()).isEqualTo("the given password");
  }

  /**
   * Returns the array a {@link Passwords#of} source holds. White-box: the zeroing of that array
   * on close cannot be observed any other way.
   */
  private static char[] heldArray(PasswordSource source) throws Exception {
    var field = source.getClass().getDeclaredField("password");
    field.setAccessible(true);
    return (char[]) field.get(source);
  }
}
