package dev.tokenvault;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Serializes a {@link Token} to the versioned JSON document that tokenvault seals, and back.
 *
 * <p>The document is one UTF-8 JSON object: {@code "v"} with the document version, then each
 * present field under its column name ({@link TokenField#columnName()}) as a string, in field
 * order. Absent fields are left out. Version 1 example:
 *
 * <pre>{@code {"v":1,"id":"7","user_name":"alice@example.com:7001","access_token":"1000.x"}}</pre>
 *
 * <p><b>Unknown fields are rejected, on purpose.</b> A document is authenticated, so an unknown
 * field can only come from a newer tokenvault. Dropping it would lose data the next time this
 * version rewrites the record (compaction, rotation, a save that merges), and keeping it would
 * mean merging a field whose meaning this version does not know. A version that adds fields
 * therefore raises {@link #VERSION}, and an older reader refuses the record with {@link
 * UnsupportedFormatException}: it fails closed instead of corrupting newer data.
 *
 * <p>Errors never quote the document: parse failures give only the kind of problem and its byte
 * offset inside the document, and drop Jackson's own exception, whose message can echo content.
 */
public final class TokenDocument {
  /** The document version this class writes and the only one it reads. */
  public static final int VERSION = 1;

  /** The largest document accepted, in bytes: far above any real OAuth token. */
  public static final int MAX_SIZE_BYTES = 1 << 20;

  private static final String VERSION_FIELD = "v";

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private TokenDocument() {}

  /**
   * Returns the UTF-8 JSON document of {@code token}. The caller owns the array and should
   * zero it once it has been sealed.
   *
   * @throws IllegalArgumentException if the document would exceed {@link #MAX_SIZE_BYTES}
   */
  public static byte[] toJson(Token token) {
    requireNonNull(token, "token");
    try (ByteArrayBuilder out = new ByteArrayBuilder(estimateSize(token))) {
      try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        json.writeStartObject();
        json.writeNumberField(VERSION_FIELD, VERSION);
        for (TokenField field : TokenField.values()) {
          String value = token.get(field);
          if (value != null) {
            json.writeStringField(field.columnName(), value);
          }
        }
        json.writeEndObject();
      }
      byte[] document = out.toByteArray();
      out.reset();
      checkSize(document.length, token);
      return document;
    } catch (IOException e) {
      // Writing to memory cannot fail; a failure here is a broken invariant, and the cause is
      // dropped because Jackson's message may quote the value it was writing.
      throw new IllegalStateException("cannot serialize " + token.id() + ": " + e.getClass());
    }
  }

  /**
   * Parses a document written by {@link #toJson}.
   *
   * @throws UnsupportedFormatException if the document has another version
   * @throws DamagedDataException if the document is not a well-formed version 1 document
   */
  public static Token fromJson(byte[] document) throws VaultException {
    requireNonNull(document, "document");
    if (document.length > MAX_SIZE_BYTES) {
      throw damaged(document.length + " bytes, above the limit of " + MAX_SIZE_BYTES, 0);
    }
    try (JsonParser json = JSON.createParser(document)) {
      return parse(json);
    } catch (JsonProcessingException e) {
      // The cause is dropped on purpose: Jackson's messages quote the text around the error,
      // and this text is decrypted token data.
      JsonLocation where = e.getLocation();
      throw damaged("malformed JSON", where == null ? -1 : where.getByteOffset());
    } catch (IOException e) {
      throw damaged("unreadable (" + e.getClass().getSimpleName() + ")", -1);
    }
  }

  /**
   * Parses the object member by member. A problem with a field (unknown name, a value that is
   * not a string or not well-formed Unicode) is kept until the version is known: in a document
   * of another version it is expected, and the version is what must be reported.
   */
  private static Token parse(JsonParser json) throws IOException, VaultException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw damaged("expected a JSON object", json.currentLocation().getByteOffset());
    }
    Token.Builder token = Token.builder();
    int version = -1;
    DamagedDataException fieldProblem = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      long offset = json.currentLocation().getByteOffset();
      JsonToken value = json.nextToken();
      if (VERSION_FIELD.equals(name)) {
        version = readVersion(json, value, offset);
      } else if (fieldProblem == null) {
        fieldProblem = readField(json, token, name, value, offset);
      }
      json.skipChildren();
    }
    if (!json.hasToken(JsonToken.END_OBJECT)) {
      throw damaged("expected a field name", json.currentLocation().getByteOffset());
    }
    if (json.nextToken() != null) {
      throw damaged("data after the JSON object", json.currentLocation().getByteOffset());
    }
    if (version != VERSION) {
      throw version < 0
          ? damaged("no version field \"v\"", 0)
          : new UnsupportedFormatException(
              "token document version " + version + "; this tokenvault reads version "
                  + VERSION + " (was the vault written by a newer tokenvault?)");
    }
    if (fieldProblem != null) {
      throw fieldProblem;
    }
    return token.build();
  }

  /** Sets the field {@code name} of {@code token}, or returns what is wrong with it. */
  private static @Nullable DamagedDataException readField(JsonParser json, Token.Builder token,
      String name, JsonToken value, long offset) throws IOException {
    TokenField field = fieldNamed(name);
    if (field == null) {
      // A name is structure, not a value, but it is decrypted text all the same: give its
      // length only.
      return damaged("unknown field (" + name.length() + " chars)", offset);
    }
    if (value != JsonToken.VALUE_STRING) {
      return damaged(field.columnName() + " is not a string", offset);
    }
    try {
      token.set(field, json.getText());
      return null;
    } catch (IllegalArgumentException e) {
      // A JSON escape can spell an unpaired surrogate, which a Token refuses. The cause names
      // the field and index only, but this message also says where in the document.
      return damaged(field.columnName() + " is not well-formed Unicode", offset);
    }
  }

  private static int readVersion(JsonParser json, JsonToken value, long offset)
      throws IOException, VaultException {
    if (value != JsonToken.VALUE_NUMBER_INT
        || json.getNumberType() != JsonParser.NumberType.INT || json.getIntValue() < 0) {
      throw damaged("version \"v\" is not a small non-negative integer", offset);
    }
    return json.getIntValue();
  }

  private static @Nullable TokenField fieldNamed(String name) {
    for (TokenField field : TokenField.values()) {
      if (field.columnName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  private static int estimateSize(Token token) {
    int size = 16;
    for (TokenField field : TokenField.values()) {
      String value = token.get(field);
      if (value != null) {
        size += field.columnName().length() + 6 + value.length() + value.length() / 4;
      }
    }
    return Math.min(size, MAX_SIZE_BYTES);
  }

  private static void checkSize(int sizeBytes, Token token) {
    if (sizeBytes > MAX_SIZE_BYTES) {
      throw new IllegalArgumentException(
          "token " + token.id() + " serializes to " + sizeBytes + " bytes; the limit is "
              + MAX_SIZE_BYTES);
    }
  }

  private static DamagedDataException damaged(String what, long offset) {
    return new DamagedDataException("token document: " + what + " at byte " + offset, -1);
  }

  /** Overwrites {@code document} with zeros; call it once a document has been sealed. */
  public static void wipe(byte[] document) {
    Arrays.fill(document, (byte) 0);
  }
}
