package dev.tokenvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.Passwords;
import dev.tokenvault.fs.SecureFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.spec.PBEParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test vectors of {@code docs/FORMAT.md}, read from {@code format-vectors.json}, which
 * {@code docs/vectors/make_vectors.py} computes with Python's {@code cryptography} package,
 * independently of this code base. Also builds a keystore holding the vectors' fixed keys.
 */
public final class FormatVectors {
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNode ROOT = load();

  private FormatVectors() {}

  /** Returns the whole vector file. */
  public static JsonNode root() {
    return ROOT;
  }

  /** Returns {@code node}'s member {@code name}, a hex string, as bytes. */
  public static byte[] hex(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("vector member '" + name + "' is not a hex string");
    }
    return HEX.parseHex(value.asText());
  }

  /** Returns the token whose fields {@code fields} gives as column name to value. */
  public static Token token(JsonNode fields) {
    Token.Builder token = Token.builder();
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      token.set(TokenField.ofColumnName(field.getKey()), field.getValue().asText());
    }
    return token.build();
  }

  /**
   * Writes a PKCS12 keystore at {@code path} holding the vectors' keys under their ids, the
   * way {@link KeyRing} writes entries (PBEWithHmacSHA256AndAES_256), and opens it.
   */
  public static KeyRing keyRing(Path path) throws VaultException {
    char[] password = TestKeys.PASSWORD.toCharArray();
    try {
      KeyStore store = KeyStore.getInstance(KeyRing.KEYSTORE_TYPE);
      store.load(null, null);
      for (JsonNode key : ROOT.get("keys")) {
        byte[] salt = new byte[16];
        store.setEntry(key.get("id").asText(),
            new KeyStore.SecretKeyEntry(new SecretKeySpec(hex(key, "key"), "AES")),
            new KeyStore.PasswordProtection(password, "PBEWithHmacSHA256AndAES_256",
                new PBEParameterSpec(salt, TestKeys.ITERATIONS)));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      try (FileChannel file = SecureFiles.createNew(path)) {
        ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
        while (bytes.hasRemaining()) {
          file.write(bytes);
        }
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write the test keystore " + path, e);
    }
    return KeyRing.builder(path).password(Passwords.of(password)).open();
  }

  /** Returns the text of {@code docs/FORMAT.md}, read from the module's parent directory. */
  public static String formatDocument() {
    try {
      return Files.readString(Path.of("..", "docs", "FORMAT.md"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode load() {
    try (InputStream in = FormatVectors.class.getResourceAsStream("format-vectors.json")) {
      if (in == null) {
        throw new IllegalStateException("format-vectors.json is missing from the test"
            + " resources; run docs/vectors/make_vectors.py");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
