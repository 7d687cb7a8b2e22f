package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Groups a key's anomalous points into incidents: an anomalous point opens an incident unless one is open, and an
 * incident closes after {@code quietPoints} consecutive normal points. A sustained anomaly is then one incident,
 * identified by its key and first-seen time, not one alarm per point.
 */
public final class IncidentTracker {

    private long firstSeen;
    private int points;    // anomalous points in the open incident; 0 = none open
    private int quiet;     // consecutive normal points since the last anomalous one

    /** Records one point; returns the number of points so far in its incident (0 when the point is normal). */
    public int record(boolean anomalous, long time, int quietPoints) {
        if (anomalous) {
            if (points == 0) {
                firstSeen = time;
            }
            if (points < Integer.MAX_VALUE) points++;
            quiet = 0;
            return points;
        }
        if (points > 0 && ++quiet >= quietPoints) {
            points = 0;
            quiet = 0;
        }
        return 0;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public boolean open() {
        return points > 0;
    }

    public static String incidentId(String key, long firstSeen) {
        return key + "@" + firstSeen;
    }

    public void write(DataOutput out) throws IOException {
        out.writeLong(firstSeen);
        out.writeInt(points);
        out.writeInt(quiet);
    }

    public void read(DataInput in) throws IOException {
        firstSeen = in.readLong();
        points = in.readInt();
        quiet = in.readInt();
    }
}
