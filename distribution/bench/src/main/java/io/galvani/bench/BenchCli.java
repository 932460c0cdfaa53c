package io.galvani.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the bench commands share on the command line: option values, the distribution folder, and the exit codes
 * (2 for a usage error, 1 when a measurement could not be made). Printing to stdout/stderr is their output.
 */
final class BenchCli {

    /** A bench's measurement; {@link BenchFailure} and I/O problems end it with one line and exit code 1. */
    interface Run {
        void run() throws IOException, InterruptedException;
    }

    private BenchCli() {
    }

    /** Parses (usage errors exit 2 with {@code usage}), runs, and exits with the bench's exit code. */
    static void main(String name, String usage, Runnable parse, Run run) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.err.println("usage: " + usage);
            System.exit(2);
            return;
        }
        int code = 0;
        try {
            run.run();
        } catch (BenchFailure | IOException e) {
            System.err.println(name + ": " + e.getMessage());
            code = 1;
        } catch (InterruptedException e) {
            code = 1;
        }
        System.exit(code);
    }

    /** The distribution folder: {@code galvani.home} (set by bin/galvani-bench), else the working directory. */
    static Path home() {
        String galvaniHome = System.getProperty("galvani.home");
        return galvaniHome == null ? Path.of(".").toAbsolutePath().normalize() : Path.of(galvaniHome);
    }

    /** The value of option {@code name} at {@code args[i]}. */
    static String value(String name, String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    /** An integer of at least {@code min} at {@code args[i]}; "10_000" and "10,000" are accepted. */
    static int number(String name, String[] args, int i, int min) {
        String text = value(name, args, i);
        try {
            int n = Integer.parseInt(text.replace("_", "").replace(",", ""));
            if (n < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + text, e);
        }
    }
}
