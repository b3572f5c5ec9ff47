package org.vitwatt.reports.input.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.input.json.JsonPullReader.Token;

class JsonPullReaderTest {
    /** Buffer sizes that put every token across a refill, and the default. */
    static final int[] BUFFERS = {1, 2, 3, 5, 7, 16, 1 << 18};

    static JsonPullReader reader(String text, int buffer) {
        return reader(text.getBytes(StandardCharsets.UTF_8), buffer);
    }

    static JsonPullReader reader(byte[] bytes, int buffer) {
        return new JsonPullReader(new ByteArrayInputStream(bytes), buffer);
    }

    /** The reader's view of a JSON text, as Gson's JsonElement.toString writes it (to compare with Gson's). */
    static String echo(JsonPullReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        echo(r, sb);
        assertEquals(Token.END_DOCUMENT, r.peek());
        return sb.toString();
    }

    private static void echo(JsonPullReader r, StringBuilder sb) throws IOException {
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                r.beginObject();
                sb.append('{');
                boolean first = true;
                while (r.hasNext()) {
                    sb.append(first ? "" : ",").append(new JsonPrimitive(r.nextName())).append(':');
                    first = false;
                    echo(r, sb);
                }
                r.endObject();
                sb.append('}');
            }
            case BEGIN_ARRAY -> {
                r.beginArray();
                sb.append('[');
                boolean first = true;
                while (r.hasNext()) {
                    sb.append(first ? "" : ",");
                    first = false;
                    echo(r, sb);
                }
                r.endArray();
                sb.append(']');
            }
            case STRING -> sb.append(new JsonPrimitive(r.nextString()));
            case NUMBER -> sb.append(r.nextString());
            case BOOLEAN -> sb.append(r.nextBoolean());
            case NULL -> {
                r.nextNull();
                sb.append("null");
            }
            default -> throw new AssertionError(r.peek());
        }
    }

    static final String SAMPLE = "{\n  \"benchmark\" : \"org.vitwatt.bench.InferenceBenchmark.infer\",\n"
            + "  \"params\" : {\"model\" : \"vit\\u00e9\\n\\\"q\\\"\\\\/\", \"dataset\" : \"folder:/data/fleurs é µs 日本\"},\n"
            + "  \"list\" : [1, -2.5, 3e10, 0, -0.0, 1E-7, true, false, null, [], {}, [[]], \"\"],\n"
            + "  \"deep\" : {\"a\" : {\"b\" : [{\"c\" : \"\\t\"}]}}\n}\n";

    @Test
    void readsWhatGsonReadsAtEveryBufferSize() throws Exception {
        String want = JsonParser.parseString(SAMPLE).toString();
        for (int b : BUFFERS) {
            assertEquals(want, echo(reader(SAMPLE, b)), "buffer " + b);
        }
    }

    @Test
    void skipsAnyValueAtEveryBufferSize() throws Exception {
        for (int b : BUFFERS) {
            JsonPullReader r = reader(SAMPLE, b);
            r.beginObject();
            assertEquals("benchmark", r.nextName());
            r.skipValue();
            assertEquals("params", r.nextName());
            r.skipValue();
            assertEquals("list", r.nextName());
            r.skipValue();
            assertEquals("deep", r.nextName());
            r.skipValue();
            assertFalse(r.hasNext());
            r.endObject();
            assertEquals(Token.END_DOCUMENT, r.peek(), "buffer " + b);
        }
    }

    @Test
    void numbersAreTheDoublesParseDoubleGives() throws Exception {
        Random rnd = new Random(7);
        List<String> texts = new ArrayList<>(List.of("0", "-0", "1", "-1", "0.1", "0.2", "0.3", "123456789012345678",
                "1234567890123456789", "12345678901234567890", "9007199254740993", "2.2250738585072014E-308",
                "4.9E-324", "1.7976931348623157E308", "1e23", "8.41e21", "5e-324", "1e-400", "1e400",
                "24.871266255669664", "38.97919545804279", "-14.107929202373125", "0.000001", "100.0", "1.0E-5",
                "9.999999999999999e22", "4.4501477170144023e-308", "2.4703282292062327e-324"));
        for (int i = 0; i < 100_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(rnd.nextLong()); // any double
                case 1 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20);
                case 2 -> rnd.nextInt(1_000_000) / 1000.0;
                default -> (rnd.nextDouble() - 0.5) * 1e6;
            };
            if (Double.isFinite(d)) {
                texts.add(Double.toString(d));
            }
            // 17 random significant digits with a random exponent: many need the slow path's exact digits
            StringBuilder digits = new StringBuilder();
            for (int k = 0; k < 17 + rnd.nextInt(3); k++) {
                digits.append((char) ('0' + rnd.nextInt(10)));
            }
            texts.add("0." + digits + "e" + (rnd.nextInt(80) - 40));
            texts.add(String.format(Locale.ROOT, "%.3f", rnd.nextInt(1 << 20) / 1024.0)); // exact binary fractions
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < texts.size(); i++) {
            json.append(i == 0 ? "" : ",").append(texts.get(i).replace("Infinity", "1e999"));
        }
        json.append(']');
        JsonPullReader r = reader(json.toString(), 1 << 18);
        r.beginArray();
        for (String t : texts) {
            double want = Double.parseDouble(t);
            double got = r.nextDouble();
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), t);
        }
        r.endArray();
    }

    @Test
    void syntaxErrorsNameLineAndColumn() throws Exception {
        record Case(String text, String what, int line, int column, boolean truncated) {
        }
        List<Case> cases = List.of(new Case("[\n  {\"benchmark\": \"x\",\n   oops }\n]", "expected a name in quotes", 3,
                4, false),
                new Case("[1, 2", "ends early", 1, 6, true),
                new Case("{\"a\": \"unterminated", "ends inside a string", 1, 20, true),
                new Case("[1 2]", "expected ',' or ']' in an array", 1, 4, false),
                new Case("{\"a\" 1}", "expected ':' after a name", 1, 6, false),
                new Case("[1,]", "expected a value (a comma before ']'?)", 1, 4, false),
                new Case("[01]", "malformed number 01", 1, 2, false),
                new Case("[1.]", "malformed number 1.", 1, 2, false),
                new Case("[-]", "malformed number -", 1, 2, false),
                new Case("[.5]", "unexpected character '.'", 1, 2, false),
                new Case("[1e+]", "malformed number 1e+", 1, 2, false),
                new Case("[NaN]", "unexpected character 'N'", 1, 2, false),
                new Case("[tru]", "unexpected character 't'", 1, 2, false),
                new Case("[truex]", "unexpected character 't'", 1, 2, false),
                new Case("[12a]", "unexpected character 'a'", 1, 4, false),
                new Case("[\"a\tb\"]", "unescaped control character in a string", 1, 4, false),
                new Case("[\"\\x\"]", "bad escape \\'x'", 1, 3, false),
                new Case("[1] 2", "more content after the top-level value", 1, 5, false),
                new Case("// comment\n[]", "unexpected character '/'", 1, 1, false));
        for (Case c : cases) {
            for (int b : BUFFERS) {
                JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> echo(reader(c.text(), b)),
                        c.text());
                assertEquals(c.what(), e.what(), c.text() + " buffer " + b);
                assertEquals(c.line() + ":" + c.column(), e.line() + ":" + e.column(), c.text() + " buffer " + b);
                assertEquals(c.truncated(), e.truncated(), c.text());
            }
        }
    }

    @Test
    void skippingFindsWhatMakesTheRestUnreadable() throws Exception {
        record Case(String text, String what) {
        }
        for (Case c : List.of(new Case("[1, 2", "ends early"), new Case("{\"a\": [1, {\"b\": 2}", "ends early"),
                new Case("[\"a\tb\"]", "unescaped control character in a string"),
                new Case("[\"unterminated", "ends inside a string"), new Case("[1}", "expected ']' but was '}'"),
                new Case("{\"a\": [1]]", "expected '}' but was ']'"), new Case("[1, @]", "unexpected character '@'"),
                new Case("[\"\\x\"]", "bad escape \\'x'"))) {
            for (int b : BUFFERS) {
                JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> reader(c.text(), b).skipValue(),
                        c.text());
                assertEquals(c.what(), e.what(), c.text() + " buffer " + b);
            }
        }
        // the grammar of numbers, literals and commas inside a skipped value is not checked: it never becomes a number
        for (String lenient : List.of("[01]", "[1,]", "{\"a\": [1 2]}", "[{\"x\": tru}]")) {
            JsonPullReader r = reader(lenient, 4);
            r.skipValue();
            assertEquals(Token.END_DOCUMENT, r.peek(), lenient);
        }
    }

    @Test
    void aValueOfAnotherKindIsAShapeError() throws Exception {
        JsonPullReader r = reader("{\"params\": [1]}", 4);
        r.beginObject();
        r.nextName();
        JsonShapeException e = assertThrows(JsonShapeException.class, r::beginObject);
        assertEquals("expected an object but was an array", e.what());
        assertEquals("1:12", e.line() + ":" + e.column());
        JsonPullReader n = reader("[1.5]", 8);
        n.beginArray();
        JsonShapeException i = assertThrows(JsonShapeException.class, n::nextInt);
        assertEquals("expected an int but was 1.5", i.what());
    }

    @Test
    void notUtf8IsACodingError() {
        byte[] bad = {'[', '"', 'a', (byte) 0xff, 'b', '"', ']'};
        byte[] cut = {'[', '"', (byte) 0xe6, (byte) 0x97, '"', ']'}; // two bytes of a three-byte character
        for (int b : BUFFERS) {
            assertThrows(CharacterCodingException.class, () -> echo(reader(bad, b)));
            assertThrows(CharacterCodingException.class, () -> reader(bad, b).skipValue());
            assertThrows(CharacterCodingException.class, () -> echo(reader(cut, b)));
            assertThrows(CharacterCodingException.class, () -> reader(cut, b).skipValue());
        }
    }

    @Test
    void linesAndColumnsOfTokens() throws Exception {
        JsonPullReader r = reader("[\n  {\"a\" :\n     7}]", 3);
        r.beginArray();
        assertEquals("1:2", r.line() + ":" + r.column(), "nothing peeked: the reader's position");
        r.peek();
        assertEquals("2:3", r.line() + ":" + r.column(), "the object");
        r.beginObject();
        r.peek();
        assertEquals("2:4", r.line() + ":" + r.column(), "the name");
        r.nextName();
        r.peek();
        assertEquals("3:6", r.line() + ":" + r.column(), "the number");
        assertEquals(7, r.nextInt());
        r.endObject();
        r.endArray();
    }

    @Test
    void sharedNamesAreOneString() throws Exception {
        JsonPullReader r = reader("[{\"score\": 1}, {\"score\": 2}]", 1 << 18);
        r.beginArray();
        r.beginObject();
        String a = r.nextName();
        r.skipValue();
        r.endObject();
        r.beginObject();
        String b = r.nextName();
        assertTrue(a == b, "the same text is the same String");
    }

    @Test
    void gsonAgreesOnARealResultFile() throws Exception {
        String text = Fixtures.realText();
        JsonElement want = JsonParser.parseString(text);
        for (int b : new int[] {7, 1 << 18}) {
            assertEquals(want.toString(), JsonParser.parseString(echo(reader(text, b))).toString());
        }
    }
}
