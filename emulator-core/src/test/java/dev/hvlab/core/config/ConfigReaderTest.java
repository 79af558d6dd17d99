package dev.hvlab.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    record Inner(String name, long base) {
    }

    record Sample(String title, int count, List<Inner> items) {
        Sample {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
        }
    }

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path f = dir.resolve("sample.json");
        Files.writeString(f, json);
        return f;
    }

    private String error(String json) throws IOException {
        Path f = write(json);
        UserInputException e = assertThrows(UserInputException.class, () -> ConfigReader.read(f, Sample.class));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString() + ":"), "names the file: " + e.getMessage());
        return e.getMessage().substring(f.toString().length());
    }

    @Test
    void readsValidConfigWithHexAndDecimalLongs() throws IOException {
        Sample s = ConfigReader.read(write("""
                {"title": "t", "count": 2,
                 "items": [{"name": "a", "base": "0x5a06_0000"}, {"name": "b", "base": 4096}]}
                """), Sample.class);
        assertEquals(new Sample("t", 2, List.of(new Inner("a", 0x5a06_0000L), new Inner("b", 4096))), s);
    }

    @Test
    void unknownFieldIsNamedWithLineAndPath() throws IOException {
        String msg = error("""
                {"title": "t", "count": 2,
                 "items": [{"name": "a",
                            "bsae": 1}]}
                """);
        assertTrue(msg.startsWith(":3:"), msg);
        assertTrue(msg.contains("unknown field 'bsae' in 'items[0]'"), msg);
        assertTrue(msg.contains("known fields: base, name"), msg);
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        String msg = error("""
                {"title": "t", "items": []}
                """);
        assertTrue(msg.contains("missing required field 'count'"), msg);
    }

    @Test
    void missingNestedFieldNamesItsObject() throws IOException {
        String msg = error("""
                {"title": "t", "count": 1, "items": [{"name": "a", "base": 1}, {"name": "b"}]}
                """);
        assertTrue(msg.contains("missing required field 'base' in 'items[1]'"), msg);
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        String msg = error("""
                {"title": "t", "count": "2", "items": []}
                """);
        assertTrue(msg.contains("wrong type for field 'count': expected an integer, got a string"), msg);
    }

    @Test
    void numberIsNotAString() throws IOException {
        String msg = error("""
                {"title": 5, "count": 2, "items": []}
                """);
        assertTrue(msg.contains("wrong type for field 'title': expected a string"), msg);
    }

    @Test
    void badHexIsNamed() throws IOException {
        String msg = error("""
                {"title": "t", "count": 1, "items": [{"name": "a", "base": "0xZZ"}]}
                """);
        assertTrue(msg.contains("field 'items[0].base'") && msg.contains("\"0xZZ\""), msg);
    }

    @Test
    void nullIsRejected() throws IOException {
        String msg = error("""
                {"title": null, "count": 1, "items": []}
                """);
        assertTrue(msg.contains("field 'title' must not be null"), msg);
    }

    @Test
    void recordValidationIsReported() throws IOException {
        String msg = error("""
                {"title": "t", "count": -1, "items": []}
                """);
        assertTrue(msg.contains("count must not be negative"), msg);
    }

    @Test
    void duplicateKeyAndSyntaxErrorsAreOneLine() throws IOException {
        assertTrue(error("{\"title\": \"t\", \"title\": \"u\", \"count\": 1, \"items\": []}").contains("title"));
        assertTrue(error("{\"title\": \"t\",, }").contains("invalid JSON"));
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.json");
        UserInputException e = assertThrows(UserInputException.class, () -> ConfigReader.read(f, Sample.class));
        assertEquals("config file '" + f + "' does not exist", e.getMessage());
    }
}
