package io.lockstep.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each test hands the normaliser one value in every form it meets: the event's Java value and what
 * pgjdbc 42.7 and MariaDB Connector/J 3.5 return from {@code getObject} (or {@code
 * DatabaseEngine.readComparable}) for the source and target columns. Driver classes are not on this
 * module's classpath: {@link DriverObject} stands in for pgjdbc's PGobject and PGInterval, whose
 * toString is their PostgreSQL text.
 */
class ValueNormaliserTest {

  /** Stands in for pgjdbc's PGobject / PGInterval: toString is the value's PostgreSQL text. */
  private record DriverObject(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  private static ColumnSchema column(String nativeType, ColumnType type) {
    return new ColumnSchema("c", type, null, nativeType, true);
  }

  private static ColumnSchema array(String nativeType, ColumnType element) {
    return new ColumnSchema("c", ColumnType.ARRAY, element, nativeType, true);
  }

  private static Object normalise(ColumnSchema column, Object value) {
    return ValueNormaliser.normalise(column, value);
  }

  /** Asserts that every form normalises to {@code expected}. */
  private static void assertAllEqual(ColumnSchema column, Object expected, Object... forms) {
    for (Object form : forms) {
      assertThat(normalise(column, form))
          .as("%s as %s", form, form == null ? "null" : form.getClass().getSimpleName())
          .isEqualTo(expected);
    }
  }

  /** A java.sql.Array as pgjdbc returns it for an array column: getArray gives the elements. */
  private static Array sqlArray(Object[] elements) {
    return (Array)
        Proxy.newProxyInstance(
            Array.class.getClassLoader(),
            new Class<?>[] {Array.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getArray") && (args == null || args.length == 0)) {
                return elements;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  // NULL and the empty string.

  @ParameterizedTest
  @EnumSource(ColumnType.class)
  void nullStaysNullForEveryType(ColumnType type) {
    ColumnSchema column =
        type == ColumnType.ARRAY ? array("_text", ColumnType.STRING) : column("", type);
    assertThat(normalise(column, null)).isNull();
  }

  @Test
  void emptyStringStaysDistinctFromNull() throws Exception {
    assertAllEqual(column("text", ColumnType.STRING), "", "", new SerialClob(new char[0]));
    assertThat(normalise(column("bpchar", ColumnType.STRING), "   ")).isEqualTo("");
    assertThat(normalise(column("LONGTEXT", ColumnType.STRING), "")).isNotNull();
  }

  // Booleans and integers.

  @Test
  void booleanFromBooleanTinyintOneAndBitOneAreEqual() {
    ColumnSchema pgBool = column("bool", ColumnType.BOOLEAN);
    // PostgreSQL Boolean; MariaDB tinyint(1) as Boolean (tinyInt1isBit), Integer or Long
    // (readComparable); BIT(1) as byte[]; PostgreSQL text.
    assertAllEqual(pgBool, "true", true, 1, 1L, (short) 1, new byte[] {1}, "t", "true", "1");
    assertAllEqual(pgBool, "false", false, 0, 0L, new byte[] {0}, "f", "0");
  }

  @Test
  void mariaDbTinyintOneConvertedToBooleanComparesWithPostgresBoolean() {
    ColumnSchema converted =
        new ColumnSchema("c", ColumnType.BOOLEAN, null, "TINYINT", true, 1, null);
    assertAllEqual(converted, "true", true, 1L, 5L);
  }

  @Test
  void mariaDbTinyintOneKeptAsNumberComparesWithPostgresSmallint() {
    ColumnSchema tinyint = column("TINYINT", ColumnType.INT16);
    // the event's Short, PostgreSQL smallint's Integer, MariaDB's Boolean with tinyInt1isBit
    assertAllEqual(tinyint, "1", (short) 1, 1, 1L, true);
    assertAllEqual(tinyint, "0", (short) 0, 0, false);
  }

  @Test
  void integerExtremesAreEqualInEveryWidth() {
    assertAllEqual(column("int2", ColumnType.INT16), "-32768", Short.MIN_VALUE, -32768, -32768L);
    assertAllEqual(column("int4", ColumnType.INT32), "2147483647", Integer.MAX_VALUE, 2147483647L);
    assertAllEqual(
        column("int8", ColumnType.INT64),
        "-9223372036854775808",
        Long.MIN_VALUE,
        new BigDecimal("-9223372036854775808"),
        "-9223372036854775808");
    assertAllEqual(column("INT UNSIGNED", ColumnType.INT64), "4294967295", 4294967295L);
  }

  @Test
  void unsignedBigintMaximumFromEventMariaDbAndPostgresNumericAreEqual() {
    ColumnSchema unsigned = column("BIGINT UNSIGNED", ColumnType.DECIMAL);
    // event: BigDecimal; MariaDB driver: BigInteger; PostgreSQL numeric(20,0): BigDecimal
    assertAllEqual(
        unsigned,
        "18446744073709551615",
        new BigDecimal("18446744073709551615"),
        new BigInteger("18446744073709551615"),
        new BigDecimal("18446744073709551615.0"));
  }

  @Test
  void yearReadAsDateByMariaDbDriverEqualsTheNumber() {
    ColumnSchema year = column("YEAR", ColumnType.INT32);
    // MariaDB Connector/J returns YEAR as java.sql.Date (yearIsDateType); PostgreSQL smallint.
    assertAllEqual(year, "2155", 2155, (short) 2155, java.sql.Date.valueOf("2155-01-01"));
    assertAllEqual(year, "1901", 1901, LocalDate.of(1901, 1, 1));
  }

  // Decimals and floats.

  @Test
  void decimalScaleIsNotSignificant() {
    ColumnSchema numeric = column("numeric", ColumnType.DECIMAL);
    assertAllEqual(numeric, "1.5", new BigDecimal("1.50"), new BigDecimal("1.5"), "1.500", 1.5d);
    assertAllEqual(numeric, "0", new BigDecimal("0E-10"), BigDecimal.ZERO, "-0.00");
    assertAllEqual(numeric, "100", new BigDecimal("1E+2"), 100L, "100.000");
  }

  @Test
  void decimalThirtyEightTenExtremesAreExact() {
    ColumnSchema decimal = column("DECIMAL", ColumnType.DECIMAL);
    String max = "9999999999999999999999999999.9999999999";
    assertAllEqual(decimal, max, new BigDecimal(max), max);
    assertAllEqual(decimal, "-" + max, new BigDecimal("-" + max));
    assertAllEqual(decimal, "0.0000000001", new BigDecimal("0.0000000001"), "1E-10");
    assertThat(normalise(decimal, new BigDecimal(max)))
        .isNotEqualTo(
            normalise(decimal, new BigDecimal("9999999999999999999999999999.9999999998")));
  }

  @Test
  void decimalNanAndInfinitiesFromEventAndPgjdbcAreEqual() {
    ColumnSchema numeric = column("numeric", ColumnType.DECIMAL);
    // The event carries "NaN"; pgjdbc returns a numeric NaN as Double.NaN.
    assertAllEqual(numeric, "NaN", "NaN", Double.NaN);
    assertAllEqual(numeric, "Infinity", "Infinity", Double.POSITIVE_INFINITY);
    assertAllEqual(numeric, "-Infinity", "-Infinity", Double.NEGATIVE_INFINITY);
  }

  @Test
  void moneyAsPgjdbcDoubleEqualsTheDecimal() {
    assertAllEqual(column("money", ColumnType.DECIMAL), "12.5", new BigDecimal("12.50"), 12.5d);
  }

  @Test
  void floatSpecialValuesAndNegativeZero() {
    ColumnSchema float8 = column("float8", ColumnType.FLOAT64);
    ColumnSchema float4 = column("float4", ColumnType.FLOAT32);
    assertAllEqual(float8, "NaN", Double.NaN, "NaN");
    assertAllEqual(float8, "Infinity", Double.POSITIVE_INFINITY, "Infinity");
    assertAllEqual(float8, "-Infinity", Double.NEGATIVE_INFINITY, "-Infinity");
    assertAllEqual(float4, "-Infinity", Float.NEGATIVE_INFINITY, "-Infinity");
    // Both engines store -0; it stays distinct from 0.
    assertAllEqual(float8, "-0.0", -0.0d, "-0");
    assertThat(normalise(float8, -0.0d)).isNotEqualTo(normalise(float8, 0.0d));
    assertAllEqual(float4, "-0.0", -0.0f);
  }

  @Test
  void floatExtremesAreEqualFromFloatDoubleAndText() {
    ColumnSchema float8 = column("DOUBLE", ColumnType.FLOAT64);
    ColumnSchema float4 = column("FLOAT", ColumnType.FLOAT32);
    assertAllEqual(float8, "1.7976931348623157E308", Double.MAX_VALUE, "1.7976931348623157e308");
    assertAllEqual(float8, "4.9E-324", Double.MIN_VALUE);
    // A float read back as a double (a driver widening it) is still the same float.
    assertAllEqual(
        float4, "3.4028235E38", Float.MAX_VALUE, (double) Float.MAX_VALUE, "3.4028235e38");
    assertAllEqual(float4, "0.1", 0.1f, (double) 0.1f);
  }

  // Strings.

  @Test
  void emojiAndOtherFourByteCharactersArePreserved() throws Exception {
    ColumnSchema text = column("text", ColumnType.STRING);
    String value = "Zoë 🙂 日本語 'quoted' \\ back";
    assertAllEqual(text, value, value, new SerialClob(value.toCharArray()));
    assertThat(normalise(text, value.getBytes(StandardCharsets.UTF_8))).isEqualTo(value);
  }

  @Test
  void trailingSpacesCountOnVarcharAndTextButNotOnChar() {
    ColumnSchema varchar = column("varchar", ColumnType.STRING);
    ColumnSchema pgChar = column("bpchar", ColumnType.STRING);
    ColumnSchema mariaChar = column("CHAR", ColumnType.STRING);

    assertThat(normalise(varchar, "trailing   ")).isEqualTo("trailing   ");
    assertThat(normalise(varchar, "trailing")).isNotEqualTo(normalise(varchar, "trailing   "));
    // PostgreSQL pads char(10); MariaDB returns CHAR without trailing spaces.
    assertAllEqual(pgChar, "ab", "ab        ", "ab");
    assertAllEqual(mariaChar, "ab", "ab", "ab        ");
    assertThat(normalise(pgChar, " ab\t "))
        .as("only trailing spaces are padding")
        .isEqualTo(" ab\t");
    assertAllEqual(pgChar, "🙂", "🙂         ");
  }

  @Test
  void valuesOverOneMebibyteCompareWhole() {
    ColumnSchema text = column("text", ColumnType.STRING);
    String big = "x".repeat(1_100_000) + "🙂";
    assertAllEqual(text, big, big, new String(big.toCharArray()));
    assertThat(normalise(text, big)).isNotEqualTo(normalise(text, "x".repeat(1_100_000) + "🙃"));

    ColumnSchema bytea = column("bytea", ColumnType.BYTES);
    byte[] bytes = HexFormat.of().parseHex("ab".repeat(1_100_000));
    byte[] other = bytes.clone();
    other[other.length - 1] = 0;
    assertThat(normalise(bytea, bytes)).isEqualTo(normalise(bytea, bytes.clone()));
    assertThat(normalise(bytea, bytes)).isNotEqualTo(normalise(bytea, other));
  }

  @Test
  void enumAndSetAreTheirText() {
    assertAllEqual(column("ENUM", ColumnType.STRING), "medium", "medium");
    assertAllEqual(column("SET", ColumnType.STRING), "a,b,c", "a,b,c");
    assertAllEqual(column("SET", ColumnType.STRING), "", "");
  }

  // Binary and bit strings.

  @Test
  void everyByteValueSurvivesInEveryBinaryForm() throws Exception {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    String hex = HexFormat.of().formatHex(all);
    String expected = "\\x" + hex;
    assertAllEqual(
        column("bytea", ColumnType.BYTES),
        expected,
        all,
        ByteBuffer.wrap(all),
        new SerialBlob(all),
        "\\x" + hex.toUpperCase());
    assertAllEqual(column("LONGBLOB", ColumnType.BYTES), "\\x", new byte[0]);
  }

  @Test
  void bitStringsFromMariaDbBytesAndPostgresDigitsAreEqual() {
    ColumnSchema mariaBit = column("BIT", ColumnType.BYTES);
    ColumnSchema pgBit = column("bit", ColumnType.BYTES);
    // MariaDB BIT(8) reads as byte[]; pgjdbc bit(8) as a PGobject holding the digits.
    assertAllEqual(mariaBit, "b'11111111'", new byte[] {(byte) 0xff}, new DriverObject("11111111"));
    assertAllEqual(pgBit, "b'101'", new byte[] {5}, new DriverObject("00000101"), "101");
    assertAllEqual(pgBit, "b'0'", new byte[] {0}, new DriverObject("00000000"), false);
  }

  @Test
  void bitOneAsBooleanColumn() {
    assertAllEqual(column("BIT", ColumnType.BOOLEAN), "true", true, new byte[] {1}, "1");
  }

  // JSON.

  @Test
  void jsonKeyOrderWhitespaceAndNumberSpellingAreNotSignificant() {
    ColumnSchema jsonb = column("jsonb", ColumnType.JSON);
    String written = "{\"b\": 1, \"a\": {\"z\": [1, 2.50, {\"y\": \"日本 🙂\"}]}}";
    // jsonb's own output, and MariaDB's compact text of the same document
    String jsonbText = "{\"a\": {\"z\": [1, 2.50, {\"y\": \"日本 🙂\"}]}, \"b\": 1}";
    String compact = "{\"b\":1,\"a\":{\"z\":[1.0,2.5,{\"y\":\"\\u65e5\\u672c \\ud83d\\ude42\"}]}}";
    String expected = "{\"a\":{\"z\":[1,2.5,{\"y\":\"日本 🙂\"}]},\"b\":1}";
    assertAllEqual(jsonb, expected, written, new DriverObject(jsonbText), compact);
  }

  @Test
  void jsonValuesThatDifferStayDifferent() {
    ColumnSchema json = column("json", ColumnType.JSON);
    assertThat(normalise(json, "{\"a\": 1}")).isNotEqualTo(normalise(json, "{\"a\": \"1\"}"));
    assertThat(normalise(json, "[1, 2]")).isNotEqualTo(normalise(json, "[2, 1]"));
    assertThat(normalise(json, "null")).isEqualTo("null").isNotNull();
    assertAllEqual(json, "{}", "{}", " { } ");
    assertAllEqual(json, "[]", "[]");
  }

  @Test
  void jsonDuplicateKeysKeepTheLastAsJsonbDoes() {
    assertAllEqual(
        column("json", ColumnType.JSON), "{\"a\":2}", "{\"a\": 1, \"a\": 2}", "{\"a\":2}");
  }

  @Test
  void deeplyNestedAndLargeJsonIsCompared() {
    ColumnSchema json = column("jsonb", ColumnType.JSON);
    String deep = "[".repeat(500) + "{\"k\": 1.0}" + "]".repeat(500);
    assertThat(normalise(json, deep)).isEqualTo("[".repeat(500) + "{\"k\":1}" + "]".repeat(500));
    String large = "{\"s\": \"" + "y".repeat(2_000_000) + "\", \"n\": 1}";
    assertThat(normalise(json, large))
        .isEqualTo("{\"n\":1,\"s\":\"" + "y".repeat(2_000_000) + "\"}");
  }

  @Test
  void invalidJsonIsComparedAsWritten() {
    assertThat(normalise(column("json", ColumnType.JSON), "{not json")).isEqualTo("{not json");
  }

  @Test
  void mariaDbJsonCapturedAsStringIsNormalisedAsJson() {
    ColumnSchema mariaJson = column("JSON", ColumnType.STRING);
    assertAllEqual(
        mariaJson,
        "{\"a\":1,\"b\":[true,null]}",
        "{\"b\":[true,null],\"a\":1}",
        new DriverObject("{\"a\": 1, \"b\": [true, null]}"));
  }

  // UUID.

  @Test
  void uuidCaseIsNotSignificant() {
    ColumnSchema uuid = column("uuid", ColumnType.UUID);
    UUID value = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits());
    assertAllEqual(
        uuid,
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        value,
        "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        bytes.array());
  }

  // Arrays.

  @Test
  void postgresTextArrayEqualsItsMariaDbJson() {
    ColumnSchema texts = array("_text", ColumnType.STRING);
    List<String> elements = Arrays.asList("a", null, "quote \" inside", "comma, here", "🙂", "");
    String expected = "[\"a\",null,\"quote \\\" inside\",\"comma, here\",\"🙂\",\"\"]";
    assertAllEqual(
        texts,
        expected,
        elements,
        sqlArray(elements.toArray(new String[0])),
        "[\"a\", null, \"quote \\\" inside\", \"comma, here\", \"\\ud83d\\ude42\", \"\"]");
  }

  @Test
  void postgresNumberArraysEqualTheirMariaDbJson() {
    assertAllEqual(
        array("_int4", ColumnType.INT32),
        "[\"1\",null,\"-3\"]",
        Arrays.asList(1, null, -3),
        sqlArray(new Integer[] {1, null, -3}),
        "[1,null,-3]",
        "[1, null, -3]");
    assertAllEqual(
        array("_numeric", ColumnType.DECIMAL),
        "[\"2.5\",\"NaN\"]",
        Arrays.asList(new BigDecimal("2.50"), "NaN"),
        sqlArray(new Object[] {new BigDecimal("2.50"), Double.NaN}),
        "[2.50,\"NaN\"]");
    assertAllEqual(
        array("_int4", ColumnType.INT32), "[]", List.of(), sqlArray(new Integer[0]), "[]");
  }

  @Test
  void postgresTemporalAndByteArraysEqualTheirMariaDbJson() {
    Instant instant = Instant.parse("2024-03-31T00:30:00.000001Z");
    assertAllEqual(
        array("_timestamptz", ColumnType.TIMESTAMPTZ),
        "[\"2024-03-31T00:30:00.000001Z\"]",
        List.of(instant),
        sqlArray(new Object[] {Timestamp.from(instant)}),
        "[\"2024-03-31T00:30:00.000001Z\"]");
    assertAllEqual(
        array("_bytea", ColumnType.BYTES),
        "[\"\\\\x00ff\"]",
        List.of(new byte[] {0, (byte) 0xff}),
        sqlArray(new Object[] {new byte[] {0, (byte) 0xff}}),
        "[\"AP8=\"]");
    assertAllEqual(array("_bpchar", ColumnType.STRING), "[\"ab\"]", List.of("ab   "), "[\"ab\"]");
  }

  @Test
  void multiDimensionalArraysKeepTheirShape() {
    assertAllEqual(
        array("_int4", ColumnType.INT32),
        "[[\"1\",\"2\"],[\"3\",null]]",
        List.of(List.of(1, 2), Arrays.asList(3, null)),
        sqlArray(new Object[] {new Integer[] {1, 2}, new Integer[] {3, null}}),
        "[[1,2],[3,null]]");
  }

  // Dates and times.

  @Test
  void datesFromEventDriversAndTextAreEqual() {
    ColumnSchema date = column("date", ColumnType.DATE);
    assertAllEqual(
        date,
        "2024-02-29",
        LocalDate.of(2024, 2, 29),
        java.sql.Date.valueOf("2024-02-29"),
        "2024-02-29");
    assertAllEqual(
        date, "9999-12-31", LocalDate.of(9999, 12, 31), java.sql.Date.valueOf("9999-12-31"));
    assertAllEqual(
        date, "1000-01-01", LocalDate.of(1000, 1, 1), java.sql.Date.valueOf("1000-01-01"));
  }

  @Test
  void pgjdbcInfinityDatesAndTimestampsAreNamed() {
    assertAllEqual(
        column("date", ColumnType.DATE),
        "infinity",
        LocalDate.MAX,
        new java.sql.Date(9223372036825200000L));
    assertAllEqual(
        column("timestamp", ColumnType.TIMESTAMP),
        "-infinity",
        LocalDateTime.MIN,
        new Timestamp(-9223372036832400000L));
    assertAllEqual(column("timestamptz", ColumnType.TIMESTAMPTZ), "infinity", OffsetDateTime.MAX);
  }

  @Test
  void timesKeepMicrosecondsAndPostgresEndOfDay() {
    ColumnSchema time = column("time", ColumnType.TIME);
    assertAllEqual(time, "12:34:56.000001", LocalTime.parse("12:34:56.000001"), "12:34:56.000001");
    assertAllEqual(
        time,
        "23:59:59.999999",
        LocalTime.parse("23:59:59.999999"),
        Duration.ofNanos(LocalTime.parse("23:59:59.999999").toNanoOfDay()));
    assertAllEqual(time, "00:00:00.000000", LocalTime.MIDNIGHT, "00:00:00");
    assertAllEqual(time, "24:00:00.000000", "24:00:00", "24:00:00.000000");
    // java.sql.Time keeps milliseconds, which toLocalTime() would drop.
    Time withMillis = new Time(Time.valueOf("10:15:30").getTime() + 123);
    assertThat(normalise(time, withMillis)).isEqualTo("10:15:30.123000");
  }

  @Test
  void mariaDbTimeBeyondADayIsSignedHours() {
    ColumnSchema time = column("TIME", ColumnType.TIME);
    // The capture carries such a TIME as text (OTHER); the driver gives text or a Duration.
    ColumnSchema asOther = column("TIME", ColumnType.OTHER);
    assertAllEqual(
        time,
        "-838:59:59.000000",
        Duration.ofSeconds(-(838 * 3600 + 59 * 60 + 59)),
        "-838:59:59",
        "-838:59:59.000000");
    assertAllEqual(asOther, "-838:59:59.000000", "-838:59:59");
    assertAllEqual(time, "100:00:00.500000", "100:00:00.5", Duration.ofHours(100).plusMillis(500));
  }

  @Test
  void datetimeAndTimestampCompareAsWallClockTime() {
    ColumnSchema datetime = column("DATETIME", ColumnType.TIMESTAMP);
    LocalDateTime value = LocalDateTime.parse("2024-02-29T12:00:00.000001");
    assertAllEqual(
        datetime,
        "2024-02-29T12:00:00.000001",
        value,
        Timestamp.valueOf(value),
        "2024-02-29 12:00:00.000001",
        "2024-02-29T12:00:00.000001");
    assertAllEqual(
        datetime, "9999-12-31T23:59:59.999999", LocalDateTime.parse("9999-12-31T23:59:59.999999"));
  }

  @Test
  void wallClockTimeInsideADaylightSavingGapIsKept() {
    // 02:30 on 2024-03-31 does not exist in Europe; a timestamp column holds it all the same.
    ColumnSchema timestamp = column("timestamp", ColumnType.TIMESTAMP);
    LocalDateTime gap = LocalDateTime.parse("2024-03-31T02:30:00");
    assertAllEqual(timestamp, "2024-03-31T02:30:00.000000", gap, "2024-03-31 02:30:00");
  }

  @Test
  void timestamptzIsTheSameInstantInEveryZoneAndForm() {
    ColumnSchema timestamptz = column("timestamptz", ColumnType.TIMESTAMPTZ);
    Instant instant = Instant.parse("2024-03-31T00:30:00.000001Z"); // 01:30 CET, just before DST
    assertAllEqual(
        timestamptz,
        "2024-03-31T00:30:00.000001Z",
        instant,
        instant.atOffset(ZoneOffset.ofHours(2)),
        instant.atZone(ZoneId.of("Europe/Berlin")),
        Timestamp.from(instant),
        // a MariaDB datetime(6) holding the UTC wall-clock time
        LocalDateTime.parse("2024-03-31T00:30:00.000001"),
        "2024-03-31 01:30:00.000001+01",
        "2024-03-31T00:30:00.000001Z");
  }

  @Test
  void theRepeatedHourOfAnAutumnDstChangeStaysTwoInstants() {
    ColumnSchema timestamptz = column("timestamptz", ColumnType.TIMESTAMPTZ);
    OffsetDateTime first = OffsetDateTime.parse("2024-10-27T02:30:00+02:00");
    OffsetDateTime second = OffsetDateTime.parse("2024-10-27T02:30:00+01:00");
    assertThat(normalise(timestamptz, first)).isEqualTo("2024-10-27T00:30:00.000000Z");
    assertThat(normalise(timestamptz, second)).isEqualTo("2024-10-27T01:30:00.000000Z");
  }

  @Test
  void mariaDbTimestampRangeEdges() {
    ColumnSchema timestamp = column("TIMESTAMP", ColumnType.TIMESTAMPTZ);
    assertAllEqual(
        timestamp,
        "2038-01-19T03:14:07.999999Z",
        Instant.parse("2038-01-19T03:14:07.999999Z"),
        OffsetDateTime.parse("2038-01-19T03:14:07.999999Z"));
    assertAllEqual(timestamp, "1970-01-01T00:00:01.000000Z", Instant.ofEpochSecond(1));
  }

  @Test
  void timetzIsComparedInUtc() {
    ColumnSchema timetz = column("timetz", ColumnType.OTHER);
    assertAllEqual(
        timetz,
        "10:15:30.123456Z",
        "10:15:30.123456Z",
        "12:15:30.123456+02",
        new DriverObject("05:45:30.123456-04:30"));
  }

  // Intervals.

  @Test
  void intervalFromIsoTextPgIntervalAndPostgresOutputAreEqual() {
    ColumnSchema interval = column("interval", ColumnType.INTERVAL);
    assertAllEqual(
        interval,
        "P1Y2M3DT4H5M6.789S",
        "P1Y2M3DT4H5M6.789S",
        new DriverObject("1 years 2 mons 3 days 4 hours 5 mins 6.789 secs"),
        "1 year 2 mons 3 days 04:05:06.789",
        "14 mons 3 days 04:05:06.789000");
  }

  @Test
  void intervalNegativePartsAndZero() {
    ColumnSchema interval = column("interval", ColumnType.INTERVAL);
    assertAllEqual(
        interval,
        "P-1DT-0.000001S",
        "P-1DT-0.000001S",
        "-1 days -00:00:00.000001",
        new DriverObject("0 years 0 mons -1 days 0 hours 0 mins -0.000001 secs"));
    assertAllEqual(
        interval,
        "PT0S",
        "PT0S",
        "00:00:00",
        new DriverObject("0 years 0 mons 0 days 0 hours 0 mins 0.0 secs"));
    assertAllEqual(
        interval,
        "P-1Y-2M3DT-4H-5M-6.000789S",
        "P-1Y-2M3DT-4H-5M-6.000789S",
        "-1 years -2 mons +3 days -04:05:06.000789");
  }

  @Test
  void intervalDaysAndHoursStayDistinct() {
    ColumnSchema interval = column("interval", ColumnType.INTERVAL);
    assertAllEqual(
        interval,
        "PT36H",
        "PT36H",
        "36:00:00",
        new DriverObject("0 years 0 mons 0 days 36 hours 0 mins 0.0 secs"));
    assertThat(normalise(interval, "1 day 12:00:00")).isEqualTo("P1DT12H").isNotEqualTo("PT36H");
  }

  // Rows.

  @Test
  void normaliseRowNormalisesEachColumn() {
    List<ColumnSchema> columns =
        List.of(
            column("int4", ColumnType.INT32),
            column("bpchar", ColumnType.STRING),
            column("numeric", ColumnType.DECIMAL));
    assertThat(ValueNormaliser.normaliseRow(columns, Arrays.asList(7L, "ab  ", null)))
        .containsExactly("7", "ab", null);
  }
}
