package dev.tokenvault.cli;

import dev.tokenvault.TokenField;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a token field by its column name, {@code refresh_token} for example. */
final class FieldConverter implements ITypeConverter<TokenField> {
  @Override
  public TokenField convert(String value) {
    try {
      return TokenField.ofColumnName(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a token field; use one of "
          + String.join(", ", new Names()));
    }
  }

  /** The column names, for help and completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (TokenField field : TokenField.values()) {
        names.add(field.columnName());
      }
      return names.iterator();
    }
  }
}
