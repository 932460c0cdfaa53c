package io.galvani.display.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FitTest {

    @Test
    void wrap_breaksAtSpacesAndAtNewlines() {
        assertThat(Fit.wrap("Present card or plug in", 20)).containsExactly("Present card or plug", "in");
        assertThat(Fit.wrap("Present card\nor plug in", 20)).containsExactly("Present card", "or plug in");
        assertThat(Fit.wrap("  many   spaces  ", 20)).containsExactly("many spaces");
        assertThat(Fit.wrap("", 20)).isEmpty();
    }

    @Test
    void wrap_cutsAWordLongerThanARow() {
        assertThat(Fit.wrap("Ladesäulenbetreiberin ok", 8)).containsExactly("Ladesäul", "enbetrei", "berin ok");
    }

    @Test
    void wrap_controlCharactersBecomeSpaces_andCharactersBeyondTheBmpAQuestionMark() {
        assertThat(Fit.wrap("a\tb\rc", 20)).containsExactly("a b c");
        assertThat(Fit.wrap("ok \uD83D\uDE00", 20)).containsExactly("ok ?");
    }

    @Test
    void truncate_cutsAtASpaceNearTheEndWithAnEllipsis() {
        assertThat(Fit.truncate("Present card or plug in", 16)).isEqualTo("Present card or…");
        assertThat(Fit.truncate("Ladesäulenbetreiberin", 10)).isEqualTo("Ladesäule…");
        assertThat(Fit.truncate("fits", 4)).isEqualTo("fits");
        assertThat(Fit.truncate("abc", 1)).isEqualTo("a");
    }

    @Test
    void pair_rightAlignedOnOneRowWhenBothFit_elseOnTheNextRow() {
        assertThat(Fit.fit(List.of(Line.pair("12.34 kWh", "150 kW", 1)), 4, 20))
                .containsExactly("12.34 kWh     150 kW");
        assertThat(Fit.fit(List.of(Line.pair("12.34 kWh", "150 kW", 1)), 4, 12))
                .containsExactly("12.34 kWh", "      150 kW");
    }

    @Test
    void pair_givenOneRow_keepsTheRightPartWhole() {
        assertThat(Fit.fit(List.of(Line.pair("Paused by vehicle", "45%", 1)), 1, 16))
                .containsExactly("Paused by…   45%");
    }

    @Test
    void tooManyLines_rowsGoByPriority_andOrderIsKept() {
        List<Line> lines = List.of(Line.text("Title", 10), Line.text("low", 1), Line.text("middle", 5),
                Line.text("high", 8));

        assertThat(Fit.fit(lines, 4, 20)).containsExactly("Title", "low", "middle", "high");
        assertThat(Fit.fit(lines, 3, 20)).containsExactly("Title", "middle", "high");
        assertThat(Fit.fit(lines, 2, 20)).containsExactly("Title", "high");
        assertThat(Fit.fit(lines, 1, 20)).containsExactly("Title");
        assertThat(Fit.fit(lines, 0, 20)).isEmpty();
    }

    @Test
    void aLineGivenFewerRowsThanItNeeds_endsInAnEllipsis() {
        List<Line> lines = List.of(Line.text("Card not accepted", 10), Line.text("Not valid at this site", 8));

        assertThat(Fit.fit(lines, 2, 10)).containsExactly("Card not…", "Not valid…");
        assertThat(Fit.fit(lines, 3, 10)).containsExactly("Card not", "accepted", "Not valid…");
        assertThat(Fit.fit(lines, 5, 10)).containsExactly("Card not", "accepted", "Not valid", "at this", "site");
    }

    @Test
    void marker_onTheTopRowWhenItHasRoom() {
        assertThat(marked(List.of(List.of(Line.text("Charging", 10), Line.text("12.34 kWh", 8))), 4, 4))
                .containsExactly("Charging     offline", "12.34 kWh");
    }

    @Test
    void marker_elseOnTheLowestRowWithRoom() {
        String full = "x".repeat(20);
        assertThat(marked(List.of(List.of(Line.text(full, 10), Line.text("short", 8), Line.text(full, 7))), 3, 3))
                .containsExactly(full, "short        offline", full);
    }

    @Test
    void marker_elseOnASpareRow() {
        String full = "x".repeat(20);
        assertThat(marked(List.of(List.of(Line.text(full, 10)), List.of(Line.text(full, 10))), 1, 3))
                .containsExactly(full, full, "             offline");
        assertThat(marked(List.of(List.of()), 2, 2)).containsExactly("             offline");
    }

    @Test
    void marker_elseInsteadOfLinesOfLowerPriority() {
        String full = "x".repeat(20);
        List<Line> lines = List.of(Line.text("Charging stopped", 10), Line.text(full, 8), Line.text(full, 7),
                Line.text("Please unplug", 4));

        assertThat(marked(List.of(lines), 4, 4)).containsExactly("Charging stopped", full, full,
                "             offline");
    }

    @Test
    void marker_neverInsteadOfLinesOfHigherPriority_butNextToTheFirstTitle() {
        List<Line> first = List.of(Line.pair("1: Charging", "45%", 10), Line.pair("12.34 kWh", "150 kW", 8));
        List<Line> second = List.of(Line.pair("2: Charging", "80%", 10), Line.pair("5.00 kWh", "50.0 kW", 8));

        assertThat(marked(List.of(first, second), 2, 4)).containsExactly(
                "1: Char… 45% offline",
                "12.34 kWh     150 kW",
                "2: Charging      80%",
                "5.00 kWh     50.0 kW");
    }

    @Test
    void marker_onATinyDisplay_alone() {
        assertThat(marked(List.of(List.of(Line.text("Charging", 10))), 1, 1, 8)).containsExactly("offline");
        assertThat(marked(List.of(List.of(Line.text("Charging", 10))), 1, 1, 4)).containsExactly("off…");
        assertThat(marked(List.of(List.of(Line.text("Charging", 10))), 1, 1, 11)).containsExactly("Ch… offline");
    }

    @Test
    void noMarker_justTheBlocks() {
        assertThat(Fit.fitBlocks(List.of(List.of(Line.text("a", 1)), List.of(Line.text("b", 1))), 2, 4, 20, null, 5))
                .containsExactly("a", "b");
        assertThat(Fit.fitBlocks(List.of(List.of(Line.text("a", 1))), 0, 0, 20, "offline", 5)).isEmpty();
    }

    private static List<String> marked(List<List<Line>> blocks, int blockRows, int rows) {
        return marked(blocks, blockRows, rows, 20);
    }

    private static List<String> marked(List<List<Line>> blocks, int blockRows, int rows, int columns) {
        return Fit.fitBlocks(blocks, blockRows, rows, columns, "offline", 5);
    }

    /** Whatever the lines and the size: never more rows than the display has, never a row too long. */
    @Test
    void neverExceedsTheDisplay_randomised() {
        Random random = new Random(42);
        String[] words = { "a", "Card", "accepted", "Ladesäulenbetreiberin", "12.34", "kWh", "\n", "offline",
                "Present", "x".repeat(45) };
        for (int run = 0; run < 5_000; run++) {
            int rows = random.nextInt(7);
            int columns = 1 + random.nextInt(41);
            List<Line> lines = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                String left = sentence(random, words);
                lines.add(random.nextBoolean() ? Line.text(left, random.nextInt(11))
                        : Line.pair(left, sentence(random, words), random.nextInt(11)));
            }
            List<String> shown = random.nextBoolean() ? Fit.fit(lines, rows, columns)
                    : Fit.fitBlocks(List.of(lines, lines), rows / 2, rows, columns, "offline", random.nextInt(11));
            assertThat(shown).as("%d x %d: %s", rows, columns, lines).hasSizeLessThanOrEqualTo(rows);
            assertThat(shown).allSatisfy(row -> assertThat(row.length()).as(row).isLessThanOrEqualTo(columns));
        }
    }

    private static String sentence(Random random, String[] words) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            b.append(words[random.nextInt(words.length)]).append(' ');
        }
        return b.toString();
    }
}
