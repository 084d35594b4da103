package io.lockstep.it.types;

import io.lockstep.types.Engine;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A source table whose rows hold the edge values of every common type of one engine (issue 5's
 * list), the statements that write them, and which rows each target engine cannot represent.
 *
 * @param engine the source engine
 * @param schema the schema (database on MariaDB) holding {@code table}
 * @param table the table
 * @param ddl statements creating the table
 * @param rows statements inserting the rows, one row each, ids 1 to n
 * @param unrepresentable per target engine, the ids of rows it cannot hold: they must end in the
 *     dead-letter topic, never on the target altered
 * @param unchangedLobUpdate an update of row 7 that leaves its large values unchanged
 */
record TypeMatrixFixture(
    Engine engine,
    String schema,
    String table,
    List<String> ddl,
    List<String> rows,
    Map<Engine, Set<Integer>> unrepresentable,
    String unchangedLobUpdate) {

  static TypeMatrixFixture postgres() {
    String insert = "INSERT INTO matrix.pg_types VALUES ";
    return new TypeMatrixFixture(
        Engine.POSTGRES,
        "matrix",
        "pg_types",
        List.of(
            "CREATE SCHEMA matrix",
            """
            CREATE TABLE matrix.pg_types (
              id int PRIMARY KEY, c_bool boolean, c_int2 smallint, c_int4 integer,
              c_int8 bigint, c_numeric numeric(38,10), c_float4 real, c_float8 double precision,
              c_text text, c_varchar varchar(100), c_char char(10), c_bytea bytea, c_json json,
              c_jsonb jsonb, c_uuid uuid, c_date date, c_time time(6), c_ts timestamp(6),
              c_tstz timestamptz(6), c_interval interval, c_text_arr text[],
              c_int_arr integer[], c_bit bit(10))"""),
        List.of(
            // 1: NULL everywhere.
            "INSERT INTO matrix.pg_types (id) VALUES (1)",
            // 2: empty and zero values, distinct from NULL.
            insert
                + "(2, false, 0, 0, 0, 0, 0, 0, '', '', '', '\\x', '{}', '{}',"
                + " '00000000-0000-0000-0000-000000000000', '2000-01-01', '00:00:00',"
                + " '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', '0 seconds', '{}', '{}')",
            // 3: minimum values.
            insert
                + "(3, true, -32768, -2147483648, -9223372036854775808,"
                + " -9999999999999999999999999999.9999999999, -3.4e38, -1.7976931348623157e308,"
                + " 'a', 'a', 'a', '\\x00', '[]', '[]', 'ffffffff-ffff-ffff-ffff-ffffffffffff',"
                + " '1000-01-01', '00:00:00', '1000-01-01 00:00:00', '1970-01-01 00:00:01+00',"
                + " '-1 days -00:00:00.000001', '{\"\"}', '{-2147483648}')",
            // 4: maximum values.
            insert
                + "(4, true, 32767, 2147483647, 9223372036854775807,"
                + " 9999999999999999999999999999.9999999999, 3.4e38, 1.7976931348623157e308,"
                + " 'z', 'z', 'zzzzzzzzzz', '\\xff', 'null', 'null',"
                + " 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '9999-12-31', '23:59:59.999999',"
                + " '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00',"
                + " '1 year 2 mons 3 days 04:05:06.789', '{}', '{2147483647}')",
            // 5: Unicode, trailing spaces, every byte value, JSON shapes, -0.0, arrays.
            insert
                + "(5, null, null, null, null, 0.0000000001, '-0', '-0',"
                + " 'Zoë 🙂 日本語 ''quoted'' \\ back', 'trailing   ', 'ab',"
                + " (SELECT decode(string_agg(lpad(to_hex(i), 2, '0'), ''), 'hex')"
                + " FROM generate_series(0, 255) i),"
                + " '{\"b\": 1, \"a\": {\"z\": [1, 2.50, {\"y\": \"日本 🙂\"}]}}',"
                + " '{\"b\": 1, \"a\": {\"z\": [1, 2.50, {\"y\": \"日本 🙂\"}]}}',"
                + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', null, null, null, null, null,"
                + " '{\"a\",NULL,\"quote \\\" inside\",\"comma, here\",\"🙂\"}', '{1,NULL,-3}')",
            // 6: dates and times around a leap day and the 2024 EU daylight-saving changes.
            insert
                + "(6, null, null, null, null, null, null, null, null, null, null, null, null,"
                + " null, null, '2024-02-29', '12:34:56.000001', '2024-03-31 02:30:00',"
                + " '2024-03-31 01:30:00+02', '36 hours', null, null)",
            // 7: values over 1 MiB (TOASTed on PostgreSQL).
            "INSERT INTO matrix.pg_types (id, c_int4, c_text, c_bytea) VALUES (7, 1,"
                + " repeat('x', 1100000) || '🙂', decode(repeat('ab', 1100000), 'hex'))",
            // 8-12: values MariaDB/MySQL cannot hold.
            "INSERT INTO matrix.pg_types (id, c_float8) VALUES (8, 'NaN')",
            "INSERT INTO matrix.pg_types (id, c_float4) VALUES (9, '-Infinity')",
            "INSERT INTO matrix.pg_types (id, c_numeric) VALUES (10, 'NaN')",
            "INSERT INTO matrix.pg_types (id, c_date) VALUES (11, '20000-01-01')",
            "INSERT INTO matrix.pg_types (id, c_ts) VALUES (12, '0044-03-15 12:00:00 BC')",
            // 13: a bit string, whose first bit is the most significant (not written to
            // MariaDB/MySQL yet: refused there with the reason).
            "INSERT INTO matrix.pg_types (id, c_bit) VALUES (13, B'1000000011')",
            // 14-19: PostgreSQL's infinities, the end of a day, NaN of real. The capture cannot
            // carry an infinite date (Debezium's day number loses its sign) nor 24:00 (no time of
            // day): both are dead-lettered by the capture, on every route, and repaired by the
            // recovery service's re-read of the row. MariaDB/MySQL holds none of them.
            "INSERT INTO matrix.pg_types (id, c_tstz) VALUES (14, 'infinity')",
            "INSERT INTO matrix.pg_types (id, c_tstz) VALUES (15, '-infinity')",
            "INSERT INTO matrix.pg_types (id, c_ts) VALUES (16, 'infinity')",
            "INSERT INTO matrix.pg_types (id, c_date) VALUES (17, '-infinity')",
            "INSERT INTO matrix.pg_types (id, c_time) VALUES (18, '24:00:00')",
            "INSERT INTO matrix.pg_types (id, c_float4) VALUES (19, 'NaN')"),
        Map.of(
            Engine.POSTGRES,
            Set.of(17, 18),
            Engine.MARIADB,
            Set.of(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)),
        "UPDATE matrix.pg_types SET c_int4 = 42 WHERE id = 7");
  }

  static TypeMatrixFixture mariadb() {
    String insert = "INSERT INTO matrix.my_types VALUES ";
    return new TypeMatrixFixture(
        Engine.MARIADB,
        "matrix",
        "my_types",
        List.of(
            "CREATE DATABASE matrix",
            """
            CREATE TABLE matrix.my_types (
              id int PRIMARY KEY, c_tinyint tinyint, c_tinyint_u tinyint unsigned,
              c_bool boolean, c_smallint smallint, c_mediumint mediumint, c_int int,
              c_int_u int unsigned, c_bigint bigint, c_bigint_u bigint unsigned,
              c_decimal decimal(38,10), c_float float, c_double double, c_bit1 bit(1),
              c_bit8 bit(8), c_char char(10), c_varchar varchar(100), c_text text,
              c_longtext longtext, c_varbinary varbinary(300), c_blob longblob, c_json json,
              c_enum enum('small','medium','large'), c_set set('a','b','c'), c_year year,
              c_date date, c_time time(6), c_datetime datetime(6), c_timestamp timestamp(6) NULL
            ) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"""),
        List.of(
            // 1: NULL everywhere.
            "INSERT INTO matrix.my_types (id) VALUES (1)",
            // 2: empty and zero values, distinct from NULL.
            insert
                + "(2, 0, 0, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'0', b'0', '', '', '', '',"
                + " x'', x'', '{}', 'small', '', 2000, '2000-01-01', '00:00:00',"
                + " '2000-01-01 00:00:00', '2000-01-01 00:00:00')",
            // 3: minimum values.
            insert
                + "(3, -128, 0, false, -32768, -8388608, -2147483648, 0, -9223372036854775808,"
                + " 0, -9999999999999999999999999999.9999999999, -3.40282e38,"
                + " -1.7976931348623157e308, b'0', b'00000000', 'a', 'a', 'a', 'a', x'00',"
                + " x'00', '[]', 'small', 'a', 1901, '1000-01-01', '00:00:00',"
                + " '1000-01-01 00:00:00', '1970-01-01 00:00:01')",
            // 4: maximum values, unsigned BIGINT's included.
            insert
                + "(4, 127, 255, true, 32767, 8388607, 2147483647, 4294967295,"
                + " 9223372036854775807, 18446744073709551615,"
                + " 9999999999999999999999999999.9999999999, 3.40282e38, 1.7976931348623157e308,"
                + " b'1', b'11111111', 'zzzzzzzzzz', 'z', 'z', 'z', x'ff', x'ff', 'null',"
                + " 'large', 'a,b,c', 2155, '9999-12-31', '23:59:59.999999',"
                + " '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999')",
            // 5: Unicode, trailing spaces, every byte value, JSON shapes, -0.0, ENUM and SET.
            "INSERT INTO matrix.my_types (id, c_float, c_double, c_char, c_varchar, c_text,"
                + " c_varbinary, c_json, c_enum, c_set) VALUES (5, -0.0, -0e0, 'ab',"
                + " 'trailing   ', 'Zoë 🙂 日本語 ''quoted'' \\\\ back', UNHEX(CONCAT("
                + "'000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F',"
                + "'202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F',"
                + "'404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F',"
                + "'606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F',"
                + "'808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F',"
                + "'A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF',"
                + "'C0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF',"
                + "'E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF')),"
                + " '{\"b\": 1, \"a\": {\"z\": [1, 2.50, {\"y\": \"日本 🙂\"}]}}', 'medium',"
                + " 'a,c')",
            // 6: dates and times around a leap day and the 2024 EU daylight-saving changes.
            "INSERT INTO matrix.my_types (id, c_date, c_time, c_datetime, c_timestamp) VALUES"
                + " (6, '2024-02-29', '12:34:56.000001', '2024-03-31 02:30:00',"
                + " '2024-03-31 01:30:00')",
            // 7: values over 1 MiB.
            "INSERT INTO matrix.my_types (id, c_int, c_longtext, c_blob) VALUES (7, 1,"
                + " CONCAT(REPEAT('x', 1100000), '🙂'), REPEAT(x'ab', 1100000))",
            // 8: a TIME beyond a day, which PostgreSQL's time cannot hold.
            "INSERT INTO matrix.my_types (id, c_time) VALUES (8, '838:59:59')",
            // 9: the most negative TIME, which PostgreSQL's time cannot hold either.
            "INSERT INTO matrix.my_types (id, c_time) VALUES (9, '-838:59:59.000000')"),
        Map.of(Engine.POSTGRES, Set.of(8, 9), Engine.MARIADB, Set.of()),
        "UPDATE matrix.my_types SET c_int = 42 WHERE id = 7");
  }
}
