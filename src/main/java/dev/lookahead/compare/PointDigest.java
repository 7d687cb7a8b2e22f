package dev.lookahead.compare;

import dev.lookahead.avro.ChannelScore;
import dev.lookahead.avro.PointFlags;
import dev.lookahead.avro.ScoredPoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 over one key's scored points, in order: any change to any point's verdict changes it. Each point is
 * fed as one line of text naming a fixed list of fields (version 1: {@link #VERSION}), numbers as
 * {@link Double#toString} (exact), channels in name order (so the order a runtime ran a key's channels in does not count).
 * The key and the per-key sequence are left out, so the digest does not depend on how the key is spelled in a test
 * or on where a replay started; fields a later schema adds are left out until a new version names them, so a
 * schema change alone does not invalidate golden files.
 */
public final class PointDigest {

    /** Named in the golden file's column, so a file written under another version is recognised. */
    public static final String VERSION = "v1";

    private final MessageDigest sha;
    private final StringBuilder line = new StringBuilder(256);
    private long points;

    public PointDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public void add(ScoredPoint p) {
        line.setLength(0);
        line.append(p.getTime().toEpochMilli()).append('|').append(p.getAnomalyScore()).append('|').append(p.getRawScore())
                .append('|').append(p.getAnomaly() ? 1 : 0).append('|').append(p.getModelVersion());
        PointFlags f = p.getFlags();
        line.append('|').append(f.getWarmUp() ? 1 : 0).append(f.getImputed() ? 1 : 0).append(f.getStateReset() ? 1 : 0)
                .append(f.getOutOfOrder() ? 1 : 0).append('|').append(f.getGapSteps())
                .append('|').append(p.getIncidentPoints()).append('|').append(p.getAlert() ? 1 : 0).append('|').append(p.getAlertScore());
        List<ChannelScore> chs = p.getChannels();
        if (chs.size() > 1) {
            chs = new ArrayList<>(chs);
            chs.sort(Comparator.comparing(ChannelScore::getName));
        }
        for (ChannelScore c : chs)
            line.append('|').append(c.getName()).append('=').append(c.getActual()).append(',').append(c.getForecast())
                    .append(',').append(c.getForecastStd()).append(',').append(c.getResidual()).append(',')
                    .append(c.getStandardisedError()).append(',').append(c.getContribution()).append(',').append(c.getImputed() ? 1 : 0);
        line.append('\n');
        sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
        points++;
    }

    public long points() {
        return points;
    }

    /** The digest so far, as hex. Ends this digest: add nothing after it. */
    public String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
