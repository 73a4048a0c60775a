package io.tunepipe.ingest.pipeline;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of a file into text: the encoding is told by a byte-order mark (UTF-8, UTF-16 LE/BE), else by
 * whether the first 64 KiB are valid UTF-8, else Windows-1252 (which reads ISO-8859-1 text too). Empty and
 * binary files are refused. Only the first 64 KiB are looked at; the rest streams.
 */
public final class TextSource {

    static final int SNIFF_BYTES = 64 * 1024;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextSource() {
    }

    /** An open reader and the name of the encoding it decodes. */
    record Decoded(Reader reader, String encoding) {
    }

    /** Throws, saying why, when {@code file} is empty or plainly binary; reads only its first bytes. */
    public static void requireText(java.nio.file.Path file) throws IOException, UnreadableFileException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            open(in);
        }
    }

    static Decoded open(InputStream raw) throws IOException, UnreadableFileException {
        BufferedInputStream in = new BufferedInputStream(raw, SNIFF_BYTES * 2);
        in.mark(SNIFF_BYTES + 1);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        if (head.length == 0) {
            throw new UnreadableFileException("The file is empty.");
        }
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            in.skipNBytes(3);
            return decoded(in, StandardCharsets.UTF_8, "UTF-8 (BOM)");
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            in.skipNBytes(2);
            return decoded(in, StandardCharsets.UTF_16LE, "UTF-16LE");
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            in.skipNBytes(2);
            return decoded(in, StandardCharsets.UTF_16BE, "UTF-16BE");
        }
        String binary = binaryKind(head);
        if (binary != null) {
            throw new UnreadableFileException("The file looks binary (" + binary + "), not CSV text.");
        }
        if (isUtf8(head, head.length == SNIFF_BYTES)) {
            return decoded(in, StandardCharsets.UTF_8, "UTF-8");
        }
        return decoded(in, WINDOWS_1252, "windows-1252");
    }

    private static Decoded decoded(InputStream in, Charset charset, String name) {
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new Decoded(new InputStreamReader(in, decoder), name);
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Names a well-known binary format, or says "binary data" for text with NUL bytes; null for text. */
    private static String binaryKind(byte[] head) {
        if (startsWith(head, '%', 'P', 'D', 'F')) {
            return "PDF";
        }
        if (startsWith(head, 'P', 'K', 3, 4)) {
            return "ZIP, XLSX or DOCX; export the sheet as CSV";
        }
        if (startsWith(head, 0x89, 'P', 'N', 'G') || startsWith(head, 0xFF, 0xD8, 0xFF)
                || startsWith(head, 'G', 'I', 'F')) {
            return "an image";
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return "gzip; decompress it first";
        }
        if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
            return "an old Excel or Word file; export the sheet as CSV";
        }
        int controls = 0;
        for (byte b : head) {
            if (b == 0) {
                return "binary data";
            }
            if ((b & 0xFF) < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                controls++;
            }
        }
        return controls > head.length / 10 ? "binary data" : null;
    }

    /** Whether the bytes decode as UTF-8; a sequence cut at the end of a full sample is forgiven. */
    private static boolean isUtf8(byte[] head, boolean truncated) {
        byte[] sample = head;
        if (truncated) {
            int end = head.length;
            int back = 0;
            while (back < 3 && end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0x80) {
                back++;
            }
            if (end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0xC0) {
                back++;
            }
            sample = Arrays.copyOf(head, end - back);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(sample));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
