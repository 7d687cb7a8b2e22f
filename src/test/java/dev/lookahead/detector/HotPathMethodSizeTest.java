package dev.lookahead.detector;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-point path's methods stay small enough for the JIT to inline what they call. C2 stops inlining into a
 * method once the bytecode it has gathered passes 8,000 bytes (HotSpot's {@code DesiredMethodLimit}, fixed in
 * product builds): {@code Detector.score} at 6,694 bytes ran 191 of its call sites, accessors, {@code Math.max} and
 * {@code Double.isNaN} among them, as real calls, and a point cost 9% more than once it was split (docs/ACCURACY.md,
 * "Cost and state").
 */
class HotPathMethodSizeTest {

    /** Bytes of bytecode a method may hold, leaving the rest of the 8,000 to what it inlines. */
    static final int MAX_CODE_BYTES = 3_000;

    private static final List<String> PACKAGES = List.of("dev/lookahead/detector", "dev/lookahead/scoring",
            "dev/lookahead/preprocessing", "dev/lookahead/model");

    @Test
    void everyMethodOfTheCorePackagesLeavesTheJitRoomToInline() throws Exception {
        List<String> tooLarge = new ArrayList<>();
        int classes = 0;
        // the main classes' root (the test classes share the packages' names)
        URL location = Detector.class.getProtectionDomain().getCodeSource().getLocation();
        Path root = Paths.get(location.toURI());
        assertTrue(Files.isDirectory(root), "the core is read from a directory of classes: " + location);
        for (String pkg : PACKAGES) {
            try (Stream<Path> files = Files.list(root.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    classes++;
                    try (InputStream in = Files.newInputStream(f)) {
                        for (Method m : methods(in))
                            if (m.codeBytes > MAX_CODE_BYTES) tooLarge.add(f.getFileName() + " " + m.name + ": " + m.codeBytes + " bytes");
                    }
                }
            }
        }
        assertTrue(classes > 50, "found the core's classes: " + classes);
        assertEquals(List.of(), tooLarge, "methods over " + MAX_CODE_BYTES + " bytes of bytecode: split them");
    }

    @Test
    void theReaderMeasuresAMethodsBytecode() throws IOException, URISyntaxException {
        // a method of known size: `return 0;` is iconst_0, ireturn
        try (InputStream in = Files.newInputStream(Paths.get(Sized.class.getResource("HotPathMethodSizeTest$Sized.class").toURI()))) {
            Method zero = methods(in).stream().filter(m -> m.name.equals("zero")).findFirst().orElseThrow();
            assertEquals(2, zero.codeBytes);
        }
    }

    static final class Sized {
        static int zero() {
            return 0;
        }
    }

    record Method(String name, int codeBytes) {
    }

    /** Each method's name and code length, read from a class file (JVMS 4.1, 4.4, 4.6, 4.7.3). */
    static List<Method> methods(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        in.readInt();   // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int n = in.readUnsignedShort();
        String[] utf8 = new String[n];
        for (int i = 1; i < n; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;   // a long or double takes two entries
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.skipNBytes(6);   // access, this, super
        in.skipNBytes(2L * in.readUnsignedShort());   // interfaces
        skipMembers(in);   // fields
        List<Method> out = new ArrayList<>();
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.skipNBytes(2);
            String name = utf8[in.readUnsignedShort()];
            in.skipNBytes(2);
            int code = 0;
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("Code")) {
                    in.skipNBytes(4);   // max stack, max locals
                    code = in.readInt();
                    in.skipNBytes(length - 8);
                } else {
                    in.skipNBytes(length);
                }
            }
            out.add(new Method(name, code));
        }
        return out;
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            in.skipNBytes(6);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipNBytes(2);
                in.skipNBytes(in.readInt());
            }
        }
    }
}
