package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published example in {@code keys-example/} stays what its README says it is. */
final class ExampleKeystoreTest {
  private static final String HEADER = "id,user_name,client_id,client_secret,refresh_token,"
      + "access_token,grant_token,expiry_time,redirect_url,api_domain";

  /** Returns {@code keys-example/}, found from the working directory up. */
  private static Path examples() {
    Path at = Path.of("").toAbsolutePath();
    while (at != null && !Files.isDirectory(at.resolve("keys-example"))) {
      at = at.getParent();
    }
    assertThat(at).as("a directory holding keys-example/ above %s",
        Path.of("").toAbsolutePath()).isNotNull();
    return at.resolve("keys-example");
  }

  @Test
  void exampleKeystore_opensWithExamplePassword_andHoldsOneAes256Key() throws Exception {
    Path keystore = examples().resolve("example-keys.p12");
    Path password = examples().resolve("example-password.txt");
    byte[] before = Files.readAllBytes(keystore);

    try (KeyRing ring = KeyRing.builder(keystore).password(Passwords.fromFile(password))
        .open()) {
      assertThat(ring.keys()).extracting(KeyInfo::id).containsExactly("tv-1");
      assertThat(ring.activeKeyId()).isEqualTo("tv-1");
      assertThat(ring.keyMaterial("tv-1")).hasSize(32);
    }
    assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
    assertThat(examples().resolve("example-keys.p12.lock")).doesNotExist();
  }

  @Test
  void exampleKeystore_isAPkcs12WithOneAesSecretKeyEntry() throws Exception {
    char[] password = Files.readAllLines(examples().resolve("example-password.txt"),
        StandardCharsets.UTF_8).get(0).toCharArray();
    KeyStore store = KeyStores.load(examples().resolve("example-keys.p12"),
        new String(password));

    assertThat(Collections.list(store.aliases())).containsExactly("tv-1");
    assertThat(store.entryInstanceOf("tv-1", KeyStore.SecretKeyEntry.class)).isTrue();
    Key key = store.getKey("tv-1", password);
    assertThat(key.getAlgorithm()).isEqualTo("AES");
    assertThat(key.getEncoded()).hasSize(32);
  }

  @Test
  void examplePasswordFile_isOneLine() throws Exception {
    List<String> lines = Files.readAllLines(examples().resolve("example-password.txt"),
        StandardCharsets.UTF_8);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("NOT-FOR-PRODUCTION");
  }

  @Test
  void exampleTokenFile_hasTheSdkHeaderAndRowsOfTenFields() throws Exception {
    List<String> lines = Files.readAllLines(examples().resolve("sdk_tokens.txt"),
        StandardCharsets.UTF_8);

    assertThat(lines.get(0)).isEqualTo(HEADER);
    List<String> rows = lines.subList(1, lines.size());
    assertThat(rows).hasSizeBetween(3, 5);
    for (String row : rows) {
      assertThat(fields(row)).as("fields of row %s", fields(row).get(0)).hasSize(10);
    }
    assertThat(rows).anySatisfy(row -> assertThat(fields(row)).anySatisfy(
        field -> assertThat(field).contains(",")));
    assertThat(rows).allSatisfy(row -> assertThat(row).containsIgnoringCase("fake"));
  }

  /** Splits one CSV row: fields with a comma or quote are quoted, inner quotes doubled. */
  private static List<String> fields(String row) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < row.length(); i++) {
      char c = row.charAt(i);
      if (quoted && c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
