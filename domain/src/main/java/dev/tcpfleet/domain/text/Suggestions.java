package dev.tcpfleet.domain.text;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * "did you mean": the known name nearest a misspelt one, by edit distance, when it is near enough to be a typo; else
 * a known name the typed one begins or is part of, as {@code cooldown} for {@code cooldownSeconds}.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /** Shorter than this, a typed name is part of too many names to point at one. */
    private static final int MIN_PART = 3;

    /**
     * The nearest of {@code known} to {@code typed}, if at most a third of its letters (at least one) differ; else
     * the shortest known name that starts with it, else the shortest that contains it (ignoring case, and only for
     * a typed name of {@value #MIN_PART} letters or more).
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        return nearest(typed, known).or(() -> containing(typed, known, String::startsWith))
                .or(() -> containing(typed, known, String::contains));
    }

    private static Optional<String> containing(String typed, Collection<String> known,
            BiPredicate<String, String> part) {
        if (typed.length() < MIN_PART) {
            return Optional.empty();
        }
        String lower = typed.toLowerCase(Locale.ROOT);
        return known.stream().filter(name -> part.test(name.toLowerCase(Locale.ROOT), lower))
                .min(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
    }

    private static Optional<String> nearest(String typed, Collection<String> known) {
        int allowed = Math.max(1, typed.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int distance = distance(typed, name);
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** "; did you mean 'x'?" or "" when nothing is near. */
    public static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(name -> "; did you mean '" + name + "'?").orElse("");
    }

    /** Insertions, deletions, substitutions and swaps of neighbours (optimal string alignment distance). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
