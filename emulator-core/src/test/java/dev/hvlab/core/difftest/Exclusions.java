package dev.hvlab.core.difftest;

import dev.hvlab.core.decode.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** The differential tester's exclusion list ({@code difftest/exclusions.txt}; its header gives the syntax). */
public final class Exclusions {
    private record Condition(String left, boolean equal, String right) {
        boolean holds(Pattern p, int word) {
            return (value(p, word, left) == value(p, word, right)) == equal;
        }

        private static long value(Pattern p, int word, String operand) {
            if (Character.isDigit(operand.charAt(0))) {
                return Long.parseLong(operand);
            }
            return p.hasField(operand) ? p.field(operand).extract(word) : Long.MIN_VALUE;
        }
    }

    private record Rule(java.util.regex.Pattern name, List<Condition> conditions, String reason) {
    }

    private final List<Rule> rules;

    private Exclusions(List<Rule> rules) {
        this.rules = rules;
    }

    public static Exclusions load() {
        try (InputStream in = Exclusions.class.getResourceAsStream("/difftest/exclusions.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource difftest/exclusions.txt");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Exclusions parse(String text) {
        List<Rule> rules = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(" : ");
            if (colon < 0) {
                throw new IllegalArgumentException("exclusions.txt line " + lineNo + ": no ' : reason'");
            }
            String[] tok = line.substring(0, colon).trim().split("\\s+");
            List<Condition> conds = new ArrayList<>();
            for (int i = 1; i < tok.length; i++) {
                Matcher m = java.util.regex.Pattern.compile("(\\w+)(!?=)(\\w+)").matcher(tok[i]);
                if (!m.matches()) {
                    throw new IllegalArgumentException("exclusions.txt line " + lineNo + ": bad condition " + tok[i]);
                }
                conds.add(new Condition(m.group(1), m.group(2).equals("="), m.group(3)));
            }
            rules.add(new Rule(java.util.regex.Pattern.compile(tok[0]), conds, line.substring(colon + 3).trim()));
        }
        return new Exclusions(rules);
    }

    /** The reason {@code word} (matched by {@code p}) is excluded, or null when it may be generated. */
    public String reason(Pattern p, int word) {
        for (Rule r : rules) {
            if (!r.name.matcher(p.name()).matches()) {
                continue;
            }
            boolean all = true;
            for (Condition c : r.conditions) {
                if (!c.holds(p, word)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return r.reason;
            }
        }
        return null;
    }
}
