package io.galvani.firmware.installer.image;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.firmware.installer.image.ImageException.Kind;

/**
 * {@value #PATH}: what the image holds. Also the format of the installer's record of the installed set.
 *
 * @param formatVersion   {@value #FORMAT_VERSION}; any other value is refused
 * @param firmwareVersion the release, 1 to 50 printable ASCII characters (ChargingStationType.firmwareVersion)
 * @param created         when the image was built
 * @param bundles         sorted by symbolic name; names and files unique
 */
public record ImageManifest(int formatVersion, String firmwareVersion, Instant created, List<ImageBundle> bundles) {
    public static final String PATH = "META-INF/galvani-image.json";
    public static final int FORMAT_VERSION = 1;
    public static final int MAX_FIRMWARE_VERSION_LENGTH = 50;
    /** A manifest larger than this is not read (it lists at most a few hundred bundles). */
    public static final int MAX_BYTES = 1 << 20;
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}\\.jar");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e](?:[\\x20-\\x7e]*[\\x21-\\x7e])?");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public ImageManifest {
        bundles = bundles.stream().sorted(Comparator.comparing(ImageBundle::symbolicName)).toList();
    }

    public ImageBundle bundle(String symbolicName) {
        return bundles.stream().filter(b -> b.symbolicName().equals(symbolicName)).findFirst().orElse(null);
    }

    /** Checks the rules of the format; the message names the rule broken. */
    public ImageManifest validate() throws ImageException {
        if (formatVersion != FORMAT_VERSION) {
            throw malformed("unknown image format version " + formatVersion + " (this installer reads " + FORMAT_VERSION + ")");
        }
        validateFirmwareVersion(firmwareVersion);
        if (bundles.isEmpty()) {
            throw malformed("the image lists no bundles");
        }
        Set<String> names = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (ImageBundle b : bundles) {
            if (b.symbolicName() == null || b.symbolicName().isBlank() || !PRINTABLE.matcher(b.symbolicName()).matches()) {
                throw malformed("a bundle has no valid symbolicName");
            }
            String who = "bundle " + b.symbolicName();
            if (!names.add(b.symbolicName())) {
                throw malformed(who + " is listed twice");
            }
            if (b.version() == null || !PRINTABLE.matcher(b.version()).matches()) {
                throw malformed(who + ": no valid version");
            }
            try {
                org.osgi.framework.Version.parseVersion(b.version());
            } catch (IllegalArgumentException e) {
                throw malformed(who + ": version '" + b.version() + "' is not an OSGi version");
            }
            if (b.sha256() == null || !HEX64.matcher(b.sha256()).matches()) {
                throw malformed(who + ": sha256 must be 64 lower-case hex digits");
            }
            if (b.startLevel() < 1) {
                throw malformed(who + ": startLevel must be 1 or more, not " + b.startLevel());
            }
            if (b.file() == null || !FILE_NAME.matcher(b.file()).matches()) {
                throw malformed(who + ": file must be a plain jar file name (letters, digits, . _ + -), not '" + b.file() + "'");
            }
            if (!files.add(b.file())) {
                throw malformed(who + ": file " + b.file() + " is used by two bundles");
            }
        }
        return this;
    }

    public static void validateFirmwareVersion(String firmwareVersion) throws ImageException {
        if (firmwareVersion == null || firmwareVersion.length() > MAX_FIRMWARE_VERSION_LENGTH
                || !PRINTABLE.matcher(firmwareVersion).matches()) {
            throw malformed("firmwareVersion must be 1 to " + MAX_FIRMWARE_VERSION_LENGTH
                    + " printable ASCII characters, without leading or trailing blanks");
        }
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", formatVersion);
        root.put("firmwareVersion", firmwareVersion);
        root.put("created", created.toString());
        ArrayNode list = root.putArray("bundles");
        for (ImageBundle b : bundles) {
            list.addObject().put("symbolicName", b.symbolicName()).put("version", b.version()).put("sha256", b.sha256())
                    .put("startLevel", b.startLevel()).put("file", b.file());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and {@linkplain #validate() validates}; unknown fields are refused, so is anything missing. */
    public static ImageManifest parse(byte[] json) throws ImageException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw malformed(PATH + " is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw malformed(PATH + " is not a JSON object");
        }
        only(root, "image", "formatVersion", "firmwareVersion", "created", "bundles");
        int format = integer(root, "formatVersion", "image");
        if (format != FORMAT_VERSION) {
            throw malformed("unknown image format version " + root.get("formatVersion") + " (this installer reads " + FORMAT_VERSION + ")");
        }
        Instant created;
        try {
            created = Instant.parse(text(root, "created", "image"));
        } catch (DateTimeParseException e) {
            throw malformed("created is not an ISO-8601 instant: " + root.get("created"));
        }
        JsonNode list = root.get("bundles");
        if (list == null || !list.isArray()) {
            throw malformed("bundles must be an array");
        }
        List<ImageBundle> bundles = new ArrayList<>();
        for (JsonNode b : list) {
            if (!b.isObject()) {
                throw malformed("bundles must hold objects");
            }
            String where = "bundle " + (b.path("symbolicName").isTextual() ? b.get("symbolicName").asText() : "#" + (bundles.size() + 1));
            only(b, where, "symbolicName", "version", "sha256", "startLevel", "file");
            bundles.add(new ImageBundle(text(b, "symbolicName", where), text(b, "version", where), text(b, "sha256", where),
                    integer(b, "startLevel", where), text(b, "file", where)));
        }
        return new ImageManifest(format, text(root, "firmwareVersion", "image"), created, bundles).validate();
    }

    private static void only(JsonNode node, String where, String... fields) throws ImageException {
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw malformed(where + ": unknown field '" + f + "'");
            }
        }
    }

    private static String text(JsonNode node, String field, String where) throws ImageException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw malformed(where + ": " + field + " missing or not a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field, String where) throws ImageException {
        JsonNode v = node.get(field);
        if (v == null || !v.isInt()) {
            throw malformed(where + ": " + field + " missing or not an integer");
        }
        return v.asInt();
    }

    private static ImageException malformed(String message) {
        return new ImageException(Kind.MALFORMED, message);
    }
}
