package dev.lookahead.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    private static final long T0 = Instant.parse("2014-04-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path tmp;

    private static List<CsvSeries> parse(CsvReader.Options o, String text) throws IOException {
        return new CsvReader(o).read(new StringReader(text), "in.csv", "k");
    }

    private static CsvSeries parseOne(String text) throws IOException {
        List<CsvSeries> all = parse(CsvReader.Options.defaults(), text);
        assertEquals(1, all.size());
        return all.get(0);
    }

    private static String error(CsvReader.Options o, String text) {
        return assertThrows(CsvFormatException.class, () -> parse(o, text)).getMessage();
    }

    private static String error(String text) {
        return error(CsvReader.Options.defaults(), text);
    }

    @Test
    void nabLayout() throws IOException {
        CsvSeries s = parseOne("timestamp,value\n2014-04-01 00:00:00,1.5\n2014-04-01 00:05:00,2\n");
        assertEquals("k", s.key());
        assertEquals(List.of("value"), s.channels());
        assertArrayEquals(new long[] {T0, T0 + 300_000}, s.times());
        assertArrayEquals(new double[] {1.5, 2.0}, s.column(0));
        assertArrayEquals(new int[] {2, 3}, s.lineNumbers());
        assertEquals(TimestampFormat.NAB, s.timestampFormat());
        assertEquals("in.csv", s.source());
    }

    @Test
    void multivariateWithLabelColumnAndMissingCells() throws IOException {
        CsvSeries s = parseOne("""
                time,temp,pressure,label
                2014-04-01T00:00:00Z,1,,0
                2014-04-01T00:00:01Z,NaN,3.5e2,1
                """);
        assertEquals(List.of("temp", "pressure"), s.channels(), "label column excluded, first column is the time");
        assertTrue(Double.isNaN(s.values()[0][1]));
        assertTrue(Double.isNaN(s.values()[1][0]));
        assertEquals(350.0, s.values()[1][1]);
        assertEquals(TimestampFormat.ISO, s.timestampFormat());
    }

    @Test
    void explicitColumnsAndDelimiter() throws IOException {
        CsvReader.Options o = CsvReader.Options.defaults().withDelimiter(';').withTimestampColumn("t")
                .withValueColumns("b", "a");
        CsvSeries s = parse(o, "a;t;b;note\n1;0;2;x\n").get(0);
        assertEquals(List.of("b", "a"), s.channels());
        assertArrayEquals(new double[] {2, 1}, s.values()[0]);
        assertEquals(TimestampFormat.EPOCH_MILLIS, s.timestampFormat());
    }

    @Test
    void aFileGivenNoDelimiterIsReadByTheOneItsFirstLineHolds() throws IOException {
        CsvReader.Options sniff = CsvReader.Options.defaults();
        // SKAB's layout: semicolons, the time in 'datetime', labels after the sensors; a blank line and a BOM first
        CsvSeries skab = parse(sniff, "\uFEFF\n datetime;Current;Pressure;anomaly;changepoint\n2020-02-08 13:30:47;2.1;0.5;0;0\n"
                + "2020-02-08 13:30:48;2.2;0.6;1;1\n").get(0);
        assertEquals(List.of("Current", "Pressure"), skab.channels());
        assertArrayEquals(new double[] {2.2, 0.6}, skab.values()[1]);
        assertEquals(2, skab.size());
        assertEquals(List.of("a", "b"), parse(sniff, "t\ta\tb\n0\t1\t2\n").get(0).channels());
        assertEquals(List.of("a", "b"), parse(sniff, "t|a|b\n0|1|2\n").get(0).channels());
        // a comma anywhere outside quotes wins: a header 'a;b' among commas is one column's name
        assertEquals(List.of("a;b", "c"), parse(sniff, "t,a;b,c\n0,1,2\n").get(0).channels());
        assertEquals(List.of("x,y", "z"), parse(sniff, "t;\"x,y\";z\n0;1;2\n").get(0).channels());
        // one column, numbers only: nothing to tell, read as one value a row
        assertEquals(3, parse(sniff, "1.5\n2.5\n3.5\n").get(0).size());
        // a delimiter given is kept, and the header's other one named
        assertTrue(error(CsvReader.Options.defaults().withDelimiter(','), "datetime;Current\n2020-02-08 13:30:47;2.1\n").endsWith("(--delimiter ';')"));
    }

    @Test
    void timestampsAreReadByAPatternGivenAndYearFirstSlashesWithout() throws IOException {
        long t = Instant.parse("2020-01-02T10:00:00Z").toEpochMilli();
        // a day before its month, as much of the world writes it
        CsvSeries dmy = parse(CsvReader.Options.defaults().withTimestampPattern("dd.MM.yyyy HH:mm:ss"),
                "time,value\n02.01.2020 10:00:00,1\n02.01.2020 10:00:05,2\n").get(0);
        assertArrayEquals(new long[] {t, t + 5_000}, dmy.times());
        assertEquals(TimestampFormat.NAB, dmy.timestampFormat());
        // a month first, one digit where it has one, twelve-hour clock
        CsvSeries us = parse(CsvReader.Options.defaults().withTimestampPattern("M/d/yyyy h:mm a"), "time,value\n1/2/2020 10:00 AM,1\n1/2/2020 1:30 PM,2\n").get(0);
        assertArrayEquals(new long[] {t, t + 3 * 3_600_000 + 1_800_000}, us.times());
        // an offset in the pattern: the instant it names, written back as ISO
        CsvSeries offset = parse(CsvReader.Options.defaults().withTimestampPattern("dd/MM/yyyy HH:mm XXX"), "time,value\n02/01/2020 11:00 +01:00,1\n").get(0);
        assertEquals(t, offset.times()[0]);
        assertEquals(TimestampFormat.ISO, offset.timestampFormat());
        // digits only, which the rules would take for epoch seconds, and a date alone: by the pattern
        assertEquals(t, parse(CsvReader.Options.defaults().withTimestampPattern("yyyyMMddHHmm"), "time,value\n202001021000,1\n").get(0).times()[0]);
        assertEquals(t - 36_000_000, parse(CsvReader.Options.defaults().withTimestampPattern("dd.MM.yyyy"), "day,value\n02.01.2020,1\n").get(0).times()[0]);
        // a row that does not match names the row and the pattern
        assertEquals("in.csv:3: timestamp '2020-01-02 10:00' in column 'time' does not match --timestamp-format 'dd.MM.yyyy HH:mm'",
                error(CsvReader.Options.defaults().withTimestampPattern("dd.MM.yyyy HH:mm"), "time,value\n02.01.2020 10:00,1\n2020-01-02 10:00,2\n"));
        // a pattern java.time cannot take fails before any row, naming it
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> CsvReader.Options.defaults().withTimestampPattern("dd.MM.yyyy {"));
        assertTrue(bad.getMessage().startsWith("timestamp format 'dd.MM.yyyy {' is not a date-time pattern"), bad.getMessage());
        // a zone named after the time, as database exports write it
        CsvSeries named = parse(CsvReader.Options.defaults(), "time,value\n2020-01-02 10:00:00 UTC,1\n2020-01-02 10:00:01.5 gmt,1\n").get(0);
        assertArrayEquals(new long[] {t, t + 1_500}, named.times());
        assertEquals(TimestampFormat.ISO, named.timestampFormat());
        // without a pattern: a year first is unambiguous with slashes too
        assertEquals(t, parse(CsvReader.Options.defaults(), "time,value\n2020/01/02 10:00:00,1\n").get(0).times()[0]);
        // a day and a month first cannot be told apart: the error gives both patterns
        assertEquals("in.csv:2: unparseable timestamp '01/02/2020 10:00' in column 'time'; expected yyyy-MM-dd HH:mm:ss, ISO-8601 or epoch"
                        + " seconds/millis/micros/nanos, or the pattern given as --timestamp-format (day first: --timestamp-format 'dd/MM/yyyy HH:mm';"
                        + " month first: --timestamp-format 'MM/dd/yyyy HH:mm')",
                error(CsvReader.Options.defaults(), "time,value\n01/02/2020 10:00,1\n"));
        assertTrue(error(CsvReader.Options.defaults(), "time,value\n2.1.2020 9:05:07.25,1\n")
                .endsWith("(day first: --timestamp-format 'd.M.yyyy H:mm:ss.SS'; month first: --timestamp-format 'M.d.yyyy H:mm:ss.SS')"));
    }

    @Test
    void epochNumbersAreSecondsMillisMicrosOrNanosByTheirSize() throws IOException {
        long t = Instant.parse("2020-01-02T10:00:00.123Z").toEpochMilli();
        assertEquals(t, parseOne("timestamp,value\n1577959200.123,1\n").times()[0]);
        assertEquals(t, parseOne("timestamp,value\n1577959200123,1\n").times()[0]);
        assertEquals(t, parseOne("timestamp,value\n1577959200123456,1\n").times()[0]);
        // nanos as pandas writes them, exact: a double would lose the millis
        CsvSeries nanos = parseOne("timestamp,value\n1577959200123456789,1\n1577959200124999999,2\n");
        assertArrayEquals(new long[] {t, t + 1}, nanos.times());
        assertEquals(TimestampFormat.EPOCH_MILLIS, nanos.timestampFormat());
        assertTrue(error("timestamp,value\n1577959200123456789,1\nx,2\n").contains("(earlier rows are numeric epoch nanos)"));
    }

    @Test
    void numbersAlignedBySpacesAreColumnsWhateverTheRunOfSpaces() throws IOException {
        // as engine-run archives and instruments write them: aligned, a space or more between, trailing spaces
        CsvSeries s = parse(CsvReader.Options.defaults(), "1  1  -0.0007 518.67 \n1  2   0.0019 518.67  \n\n  1 3 -0.0043 518.67\n").get(0);
        assertEquals(List.of("value1", "value2", "value3", "value4"), s.channels());
        assertEquals(3, s.size());
        assertArrayEquals(new double[] {1, 3, -0.0043, 518.67}, s.values()[2]);
        assertEquals(TimestampFormat.ROW, s.timestampFormat());
        // a header of words over rows of numbers, as many
        CsvSeries named = parse(CsvReader.Options.defaults(), "timestamp   temp  pressure\n1600000000   20.5   1.0\n").get(0);
        assertEquals(List.of("temp", "pressure"), named.channels());
        assertArrayEquals(new double[] {20.5, 1.0}, named.values()[0]);
    }

    @Test
    void aFileDelimitedByOtherThanCommasReadsADecimalComma() throws IOException {
        // as a spreadsheet saved in much of Europe writes it
        CsvSeries s = parse(CsvReader.Options.defaults(), "Zeit;Druck;Temp\n2021-03-01 00:00:00;1,5;-0,25\n2021-03-01 00:01:00;2;3.75\n").get(0);
        assertArrayEquals(new double[] {1.5, -0.25}, s.values()[0]);
        assertArrayEquals(new double[] {2, 3.75}, s.values()[1]);
        // with a point as well, or two commas, it is no number
        assertTrue(error(CsvReader.Options.defaults(), "t;v\n1;1.500,25\n").contains("non-numeric value '1.500,25'"));
        // in a comma-delimited file a quoted 1,5 is no number either
        assertTrue(error(CsvReader.Options.defaults(), "t,v\n1,\"1,5\"\n").contains("non-numeric value '1,5'"));
    }

    @Test
    void aDelimiterIsReadFromTheFirstLineOutsideQuotes() {
        assertEquals(';', CsvRows.delimiterOf("datetime;Accelerometer1RMS;Volume Flow RateRMS;anomaly"));
        assertEquals(',', CsvRows.delimiterOf("timestamp,value"));
        assertEquals(',', CsvRows.delimiterOf("a;b,c"));
        assertEquals(';', CsvRows.delimiterOf("\"a,b\";c"));
        assertEquals('\t', CsvRows.delimiterOf("a\tb"));
        assertEquals('|', CsvRows.delimiterOf("a|b"));
        assertEquals(',', CsvRows.delimiterOf("value"));
        assertEquals(' ', CsvRows.delimiterOf(" 1 2.5   -3e-2 "));
        assertEquals(',', CsvRows.delimiterOf("Temperature (C)"));
        assertEquals(',', CsvRows.delimiterOf("1.5"));
        assertEquals(' ', CsvRows.delimiterOf("timestamp  temp", "1600000000  20.5"));
        assertEquals(',', CsvRows.delimiterOf("timestamp  temp", "1600000000  20.5  7"));
        assertEquals(',', CsvRows.delimiterOf("Temperature (C)", "20.5"));
    }

    @Test
    void isoVariants() throws IOException {
        CsvSeries s = parseOne("""
                timestamp,value
                2014-04-01T00:00:00Z,1
                2014-04-01T00:00:00.250Z,1
                2014-04-01T02:00:00+02:00,1
                2014-04-01T00:00:00-0130,1
                2014-04-01T00:00:01,1
                2014-04-01T00:00:01.5,1
                2014-04-01 00:00:02.123456,1
                """);
        assertArrayEquals(new long[] {T0, T0 + 250, T0, T0 + 5_400_000, T0 + 1000, T0 + 1500, T0 + 2123}, s.times());
        assertEquals(TimestampFormat.ISO, s.timestampFormat());
    }

    @Test
    void epochMillisAndSeconds() throws IOException {
        CsvSeries millis = parseOne("timestamp,value\n" + T0 + ",1\n" + (T0 + 5) + ",2\n");
        assertArrayEquals(new long[] {T0, T0 + 5}, millis.times());
        assertEquals(TimestampFormat.EPOCH_MILLIS, millis.timestampFormat());
        CsvSeries secs = parseOne("timestamp,value\n" + (T0 / 1000) + ".25,1\n" + (T0 / 1000 + 1) + ",2\n");
        assertArrayEquals(new long[] {T0 + 250, T0 + 1000}, secs.times());
        assertEquals(TimestampFormat.EPOCH_MILLIS, secs.timestampFormat());
    }

    @Test
    void keepsInputOrderAndAllowsOutOfOrderByDefault() throws IOException {
        CsvSeries s = parseOne("timestamp,value\n2014-04-01 00:05:00,1\n2014-04-01 00:00:00,2\n");
        assertArrayEquals(new long[] {T0 + 300_000, T0}, s.times());
    }

    @Test
    void quotedFieldsBomAndBlankLines() throws IOException {
        List<CsvSeries> all = parse(CsvReader.Options.defaults().withKeyColumn("id"),
                "\uFEFFtimestamp,id,value\n\n2014-04-01 00:00:00,\"a,b\",1\n   \n"
                        + "2014-04-01 00:00:00,\"say \"\"hi\"\"\",\"2\"\r\n2014-04-01 00:01:00,\"a,b\",3\n");
        assertEquals(2, all.size());
        assertEquals("a,b", all.get(0).key());
        assertArrayEquals(new double[] {1, 3}, all.get(0).column(0));
        assertArrayEquals(new int[] {3, 6}, all.get(0).lineNumbers());
        assertEquals("say \"hi\"", all.get(1).key());
        assertEquals(List.of("value"), all.get(1).channels());
    }

    @Test
    void quotedFieldsMaySpanLinesAndRowsKeepTheLineTheyStartOn() throws IOException {
        List<CsvSeries> all = parse(CsvReader.Options.defaults().withKeyColumn("id"),
                "timestamp,id,value\n2014-04-01 00:00:00,\"north\nwing\",1\n2014-04-01 00:01:00,south,2\n");
        assertEquals(List.of("north\nwing", "south"), all.stream().map(CsvSeries::key).toList());
        assertArrayEquals(new int[] {2}, all.get(0).lineNumbers());
        assertArrayEquals(new int[] {4}, all.get(1).lineNumbers());
    }

    @Test
    void malformedQuotingNamesTheLineItStartsOn() {
        assertEquals("in.csv:3: unexpected 'x' after a closing quote", error("timestamp,value\n1,2\n\"3\"x,4\n"));
        assertEquals("in.csv:3: unterminated quoted field (no closing quote before the end of the input)",
                error("timestamp,value\n1,2\n3,\"4\n5,6\n"));
    }

    @Test
    void keyColumnKeepsFileOrderPerKey() throws IOException {
        List<CsvSeries> all = parse(CsvReader.Options.defaults().withKeyColumn("sensor"), """
                timestamp,sensor,value
                2014-04-01 00:00:00,b,1
                2014-04-01 00:00:00,a,2
                2014-04-01 00:02:00,b,3
                2014-04-01 00:01:00,b,4
                """);
        assertEquals(List.of("b", "a"), all.stream().map(CsvSeries::key).toList());
        assertArrayEquals(new double[] {1, 3, 4}, all.get(0).column("value"));
        assertArrayEquals(new int[] {2, 4, 5}, all.get(0).lineNumbers());
    }

    @Test
    void strictOrderRejectsUnsortedPerKey() {
        CsvReader.Options o = CsvReader.Options.defaults().withKeyColumn("sensor").withStrictOrder(true);
        String msg = error(o, """
                timestamp,sensor,value
                2014-04-01 00:00:00,b,1
                2014-04-01 00:00:00,a,2
                2014-04-01 00:02:00,b,3
                2014-04-01 00:02:00,b,3
                2014-04-01 00:01:00,b,4
                """);
        assertEquals("in.csv:6: unsorted timestamps: 2014-04-01 00:01:00 is earlier than 2014-04-01 00:02:00"
                + " on line 5 for key 'b'", msg);
    }

    @Test
    void missingColumnNamesItAndListsHeader() {
        String msg = error(CsvReader.Options.defaults().withValueColumns("temp"), "\ntimestamp,value\n1,2\n");
        assertEquals("in.csv:2: missing value column 'temp' (header columns: timestamp, value)", msg);
        assertTrue(error(CsvReader.Options.defaults().withKeyColumn("id"), "timestamp,value\n1,2\n")
                .contains("missing key column 'id'"));
    }

    @Test
    void aHeaderReadAsOneColumnNamesTheDelimiterItHolds() {
        // SKAB's layout, read with ',' given
        CsvReader.Options commas = CsvReader.Options.defaults().withDelimiter(',');
        assertEquals("in.csv:1: no value columns (header columns: datetime;Current;anomaly): the header holds ';', "
                + "which looks like the file's delimiter (--delimiter ';')", error(commas, "datetime;Current;anomaly\n2020-02-08 13:30:47;2.1;0\n"));
        assertTrue(error(commas.withTimestampColumn("datetime"), "datetime\tCurrent\n2020-02-08 13:30:47\t2.1\n")
                .endsWith("holds tabs, which look like the file's delimiter (--delimiter $'\\t')"));
        // one value column with no other delimiter in sight: no guess
        assertEquals("in.csv:1: no value columns (header columns: timestamp)", error(CsvReader.Options.defaults(), "timestamp\n1\n"));
    }

    @Test
    void aFileWithoutAHeaderIsReadFromItsFirstLineWithItsRowsOneSecondApart() throws IOException {
        // as server metrics and benchmark archives are often shipped: numbers only
        CsvSeries s = parseOne("0.5,1\n0.7,2\n-0.1,3e2\n");
        assertEquals(List.of("value1", "value2"), s.channels());
        assertArrayEquals(new long[] {0, 1000, 2000}, s.times());
        assertArrayEquals(new double[] {0.5, 0.7, -0.1}, s.column(0));
        assertArrayEquals(new int[] {1, 2, 3}, s.lineNumbers());
        assertEquals(TimestampFormat.ROW, s.timestampFormat());
        assertEquals("1970-01-01T00:00:05Z", TimestampFormat.ROW.format(5000), "written as instants, which every reader of the outputs takes back");
        CsvSeries one = parseOne("4\n5\n");
        assertEquals(List.of("value"), one.channels());
        assertArrayEquals(new double[] {4, 5}, one.column(0));
        assertEquals("in.csv:2: wrong number of fields: expected 2 as on line 1 (the file has no header), found 3 (quote fields that contain ',')", error("3,2\n3,4,5\n"));
        // a header that numbers its columns, as a table of numbered columns is written, is a header
        CsvSeries numbered = parse(CsvReader.Options.defaults().withTimestampColumn(CsvReader.NO_TIMESTAMP), "0,1,2\n5,6,7\n").get(0);
        assertEquals(List.of("0", "1", "2"), numbered.channels());
        assertEquals(1, numbered.size());
    }

    @Test
    void aFileWithoutAHeaderWhoseFirstColumnHoldsDateTimesIsTimed() throws IOException {
        CsvSeries s = parseOne("2014-04-01 00:00:00,1.5\n2014-04-01 00:05:00,2\n");
        assertEquals(List.of("value"), s.channels());
        assertArrayEquals(new long[] {T0, T0 + 300_000}, s.times());
        assertEquals(TimestampFormat.NAB, s.timestampFormat());
    }

    @Test
    void aHeaderOfOneColumnBesidesTheLabelsNamesTheValuesAndTheFileHasNoTimestamps() throws IOException {
        CsvSeries s = parseOne("value,is_anomaly\n3,0\n4,1\n");
        assertEquals(List.of("value"), s.channels());
        assertArrayEquals(new long[] {0, 1000}, s.times());
        assertEquals(TimestampFormat.ROW, s.timestampFormat());
    }

    @Test
    void timestampColumnNoneReadsEveryColumnAsAValue() throws IOException {
        CsvSeries s = parse(CsvReader.Options.defaults().withTimestampColumn(CsvReader.NO_TIMESTAMP), "count,temp\n12,20\n15,21\n9,22\n").get(0);
        assertEquals(List.of("count", "temp"), s.channels());
        assertArrayEquals(new long[] {0, 1000, 2000}, s.times());
        assertArrayEquals(new double[] {12, 15, 9}, s.column(0));
    }

    @Test
    void aFirstColumnTakenAsTheTimestampsWhoseNumbersGoBackIsAnError() throws IOException {
        // not named: most likely not a time, and read as one its rows would be dropped as late
        assertEquals("in.csv:4: column 'count' was taken as the timestamps (no column is named 'timestamp'), but its numbers go back: "
                + "9 comes after a larger one on line 3. Name the timestamp column (--timestamp-column NAME), or, if the file has none, "
                + "read its rows as one second apart (--timestamp-column none)", error("count,temp\n12,20\n15,21\n9,22\n"));
        // named, they are late points, as ever
        assertArrayEquals(new long[] {12_000, 15_000, 9_000}, parseOne("timestamp,temp\n12,20\n15,21\n9,22\n").times());
    }

    @Test
    void aDirectoryOfOtherFilesSaysWhatItHoldsAndHowToReadThem() throws IOException {
        Files.writeString(tmp.resolve("machine-1-1.txt"), "0.5,2\n3,4\n");
        Files.writeString(tmp.resolve("machine-1-2.txt"), "1,2\n3,4\n");
        assertEquals(tmp + ":0: no *.csv files in directory (it holds 2 other files, such as machine-1-1.txt: name a file to read it "
                + "whatever its extension, or give the files the .csv extension)",
                assertThrows(CsvFormatException.class, () -> new CsvReader().read(tmp)).getMessage());
        assertEquals(List.of("value1", "value2"), new CsvReader().readOne(tmp.resolve("machine-1-1.txt")).channels());
    }

    @Test
    void nonNumericValue() {
        String msg = error("timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,abc\n");
        assertEquals("in.csv:3: non-numeric value 'abc' in column 'value' (a missing value is empty, NaN, NA, N/A, null or None);"
                + " to leave the column out, name the value columns (--columns A,B,...)", msg);
        assertTrue(error("timestamp,value\n1,Infinity\n").contains("in.csv:2: non-numeric value 'Infinity'"));
        assertTrue(error("timestamp,value\n1,0x10\n").contains("non-numeric value '0x10'"));
    }

    @Test
    void missingValuesAsExportersSpellThemAreMissing() throws IOException {
        // R writes NA, databases NULL, Python None; any case, around spaces
        CsvSeries s = parseOne("timestamp,a,b\n1,NA,1\n2,null,2\n3, None ,3\n4,n/a,4\n5,NULL,5\n6,nan,6\n7,,7\n8,1.5,8\n");
        for (int i = 0; i < 7; i++) assertTrue(Double.isNaN(s.values()[i][0]), "row " + i);
        assertEquals(1.5, s.values()[7][0]);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, s.column("b"));
        // a word that is not one of them is still an error
        assertTrue(error("timestamp,value\n1,missing\n").contains("non-numeric value 'missing'"));
    }

    @Test
    void unparseableTimestamps() {
        for (String bad : List.of("2014-13-01 00:00:00", "2014-04-01 25:00:00", "yesterday", "2014-04-01X00:00",
                "2014-04-01 00:00:00+", "2014-04-01T00:00:00Q", "2014-02-30")) {
            String msg = error("timestamp,value\n2014-04-01 00:00:00,1\n" + bad + ",2\n");
            assertTrue(msg.startsWith("in.csv:3: unparseable timestamp '" + bad + "' in column 'timestamp'"), msg);
        }
        assertTrue(error("timestamp,value\n1396310400000,1\n2014-04-01 00:00:00,2\n")
                .startsWith("in.csv:3: unparseable timestamp '2014-04-01 00:00:00' in column 'timestamp' (earlier rows"));
        assertTrue(error("timestamp,value\n,1\n").startsWith("in.csv:2: empty timestamp"));
    }

    @Test
    void wrongFieldCount() {
        assertEquals("in.csv:3: wrong number of fields: expected 2 as in the header, found 1",
                error("timestamp,value\n1,2\n3\n"));
        assertTrue(error("timestamp,value\n1,2,3\n").startsWith("in.csv:2: wrong number of fields: expected 2"
                + " as in the header, found 3 (quote fields"));
        assertTrue(error("timestamp,value\n1,\"2\n").startsWith("in.csv:2: unterminated quoted field"));
    }

    @Test
    void emptyAndHeaderOnly() {
        assertEquals("in.csv:1: empty file, expected a header", error(""));
        assertEquals("in.csv:3: empty file, expected a header", error("\n \n\n"));
        assertEquals("in.csv:2: header only, no data rows", error("\ntimestamp,value\n\n"));
        assertTrue(error("timestamp,timestamp\n").contains("duplicate column 'timestamp'"));
    }

    @Test
    void directoryKeysAreSortedRelativePaths() throws IOException {
        write("realKnownCause/nyc_taxi.csv", "timestamp,value\n2014-04-01 00:00:00,1\n");
        write("artificial/b.csv", "timestamp,value\n2014-04-01 00:00:00,2\n");
        write("a.csv", "timestamp,value\n2014-04-01 00:00:00,3\n");
        write("notes.txt", "not csv");
        List<CsvSeries> all = new CsvReader().read(tmp);
        assertEquals(List.of("a", "artificial/b", "realKnownCause/nyc_taxi"), all.stream().map(CsvSeries::key).toList());
        assertEquals(tmp.resolve("realKnownCause/nyc_taxi.csv").toString(), all.get(2).source());
        assertEquals("nyc_taxi", new CsvReader().readOne(tmp.resolve("realKnownCause/nyc_taxi.csv")).key());
    }

    @Test
    void directoryErrorsNameTheFile() throws IOException {
        write("good.csv", "timestamp,value\n2014-04-01 00:00:00,1\n");
        write("sub/bad.csv", "timestamp,value\n2014-04-01 00:00:00,x\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> new CsvReader().read(tmp));
        assertEquals(tmp.resolve("sub/bad.csv").toString(), e.source());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith(tmp.resolve("sub/bad.csv") + ":2: non-numeric value 'x'"));
    }

    @Test
    void keyColumnAcrossFilesMustNotRepeat() throws IOException {
        write("a.csv", "timestamp,id,value\n1,s1,1\n");
        write("b.csv", "timestamp,id,value\n\n1,s1,1\n");
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> new CsvReader(CsvReader.Options.defaults().withKeyColumn("id")).read(tmp));
        assertEquals(tmp.resolve("b.csv") + ":3: key 's1' also appears in " + tmp.resolve("a.csv"), e.getMessage());
    }

    @Test
    void nabSizedFileParses() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        int n = 22_000;
        for (int i = 0; i < n; i++)
            sb.append(TimestampFormat.NAB.format(T0 + i * 300_000L)).append(',').append(i * 0.5).append('\n');
        Path f = write("big.csv", sb.toString());
        CsvSeries s = new CsvReader().readOne(f);
        assertEquals(n, s.size());
        assertEquals(T0 + (n - 1) * 300_000L, s.times()[n - 1]);
        assertEquals((n - 1) * 0.5, s.values()[n - 1][0]);
    }

    private Path write(String rel, String text) throws IOException {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
