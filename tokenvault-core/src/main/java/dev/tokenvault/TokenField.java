package dev.tokenvault;

/**
 * The ten fields of a token, in the column order of the Zoho SDKs' token file.
 *
 * <p>Each field has the column name used by the SDK's CSV file and SQL table, which is also its
 * name in the serialized document, and says whether its value is secret. Secret values are
 * masked by {@link Token#toString()} and never logged.
 */
public enum TokenField {
  ID("id", false),
  USER_NAME("user_name", true),
  CLIENT_ID("client_id", true),
  CLIENT_SECRET("client_secret", true),
  REFRESH_TOKEN("refresh_token", true),
  ACCESS_TOKEN("access_token", true),
  GRANT_TOKEN("grant_token", true),
  EXPIRY_TIME("expiry_time", false),
  REDIRECT_URL("redirect_url", false),
  API_DOMAIN("api_domain", false);

  private static final TokenField[] VALUES = values();

  private final String columnName;
  private final boolean secret;

  TokenField(String columnName, boolean secret) {
    this.columnName = columnName;
    this.secret = secret;
  }

  /** Returns the column name of the SDK's token file, for example {@code refresh_token}. */
  public String columnName() {
    return columnName;
  }

  /**
   * Returns whether the value is secret or personal and must be masked wherever it is shown.
   * The user name counts as secret: it is usually an e-mail address.
   */
  public boolean isSecret() {
    return secret;
  }

  /**
   * Returns the field whose column name is {@code columnName}.
   *
   * @throws IllegalArgumentException if no field has that column name
   */
  public static TokenField ofColumnName(String columnName) {
    for (TokenField field : VALUES) {
      if (field.columnName.equals(columnName)) {
        return field;
      }
    }
    throw new IllegalArgumentException("unknown token field '" + columnName + "'");
  }

  static TokenField at(int ordinal) {
    return VALUES[ordinal];
  }

  static int count() {
    return VALUES.length;
  }
}
