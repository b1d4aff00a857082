package io.tugboat.runtime.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One line of a CRI log file: {@code <RFC3339Nano UTC> <stdout|stderr> <F|P> <text>}. The timestamp is written
 * with all nine fraction digits so that lines sort and compare as text; readers accept any RFC 3339 form.
 *
 * @param timestamp the timestamp exactly as written in the file (kubectl's --timestamps shows it as is)
 * @param partial   true for a 'P' line: the text continues in the next line of the same stream
 */
public record CriLine(String timestamp, Instant time, String stream, boolean partial, byte[] text) {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    public static String formatTime(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The bytes of one log line for {@code text} (without its newline), newline included. */
    public static byte[] encode(Instant time, String stream, boolean partial, byte[] text, int offset, int length) {
        byte[] head = (formatTime(time) + ' ' + stream + ' ' + (partial ? 'P' : 'F') + ' ')
                .getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + length + 1];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(text, offset, line, head.length, length);
        line[line.length - 1] = '\n';
        return line;
    }

    /** Parses one line (without its newline); empty for a line that is not in the CRI format. */
    public static Optional<CriLine> parse(byte[] line, int offset, int length) {
        int end = offset + length;
        int s1 = indexOf(line, offset, end, (byte) ' ');
        if (s1 < 0) {
            return Optional.empty();
        }
        int s2 = indexOf(line, s1 + 1, end, (byte) ' ');
        if (s2 < 0 || s2 + 2 > end) {
            return Optional.empty();
        }
        byte tag = line[s2 + 1];
        if (tag != 'P' && tag != 'F') {
            return Optional.empty();
        }
        String ts = new String(line, offset, s1 - offset, StandardCharsets.US_ASCII);
        Instant time;
        try {
            time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(ts, Instant::from);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        String stream = new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
        int textStart = Math.min(s2 + 3, end);
        byte[] text = new byte[end - textStart];
        System.arraycopy(line, textStart, text, 0, text.length);
        return Optional.of(new CriLine(ts, time, stream, tag == 'P', text));
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
