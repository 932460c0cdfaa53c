package io.galvani.imagetool;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code galvani-image}: the OEM's firmware image tool.
 *
 * <pre>
 * galvani-image build --from DIST --firmware-version V --key signing-key.pem --cert signing-cert.pem --out galvani-V.zip
 * galvani-image keys --out DIR [--algorithm ec|rsa]
 * </pre>
 */
public final class GalvaniImage {
    static final String USAGE = """
            Usage:
              galvani-image build --from <distribution folder> --firmware-version <version> \\
                                  --key <signing-key.pem> --cert <signing-cert.pem> --out <image.zip>
                  Writes the image (every bundle of <folder>/bundle with its start level from conf/launcher.properties),
                  <image.zip>.sig (base64 signature over the whole file: EC key SHA256withECDSA, RSA key RSASSA-PSS
                  SHA-256/MGF1/salt 32) and prints the UpdateFirmware firmware fields signingCertificate and signature.
              galvani-image keys --out <folder> [--algorithm ec|rsa]
                  Makes a demo manufacturer root CA and a firmware signing certificate signed by it
                  (manufacturer-root-ca.pem, firmware-signing-cert.pem, firmware-signing-key.pem; keys owner-only).
            """;

    private GalvaniImage() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code (0 ok, 1 failure, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> options;
        try {
            options = options(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("galvani-image: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "build" -> {
                    ImageBuild.Result result = ImageBuild.build(Path.of(required(options, "from")),
                            required(options, "firmware-version"), Path.of(required(options, "key")),
                            Path.of(required(options, "cert")), Path.of(required(options, "out")));
                    err.println("Wrote " + result.image() + " (" + result.bundles() + " bundles) and " + result.signatureFile());
                    out.println(result.firmwareJson());
                }
                case "keys" -> {
                    List<Path> files = DemoKeys.generate(Path.of(required(options, "out")), options.getOrDefault("algorithm", "ec"));
                    files.forEach(f -> out.println("Wrote " + f));
                }
                default -> {
                    err.println("galvani-image: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("galvani-image: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("galvani-image: " + e.getMessage());
            return 1;
        }
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option value, got '" + a + "'");
            }
            options.put(a.substring(2), args.get(++i));
        }
        return options;
    }
}
