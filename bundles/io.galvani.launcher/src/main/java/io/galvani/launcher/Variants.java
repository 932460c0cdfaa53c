package io.galvani.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The dispenser variants a distribution ships: one Configurator JSON file each. */
final class Variants {

    private Variants() {
    }

    static String list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted()
                    .collect(Collectors.joining(", "));
        } catch (IOException e) {
            return "(no variants found in " + dir + ")";
        }
    }
}
