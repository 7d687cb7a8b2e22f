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
    private short sinceAlert = MAX_SINCE;   // points since the key's last alert, saturating: the refractory clock
    private short sinceRangeAlert = MAX_SINCE;   // the same for out-of-range alerts, which have a clock of their own

    private float alertLoad;   // the key's alerts, each decaying with the points since it (as of its last alert)

    private static final short MAX_SINCE = Short.MAX_VALUE;

    /** Records one point; returns the number of points so far in its incident (0 when the point is normal). */
    public int record(boolean anomalous, long time, int quietPoints) {
        if (sinceAlert < MAX_SINCE) sinceAlert++;
        if (sinceRangeAlert < MAX_SINCE) sinceRangeAlert++;
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

    /**
     * Whether the point just recorded, the first of its incident, may alert: more than {@code refractoryPoints}
     * points since the key's last alert. Records the alert when it may.
     */
    public boolean alertOnOpen(int refractoryPoints) {
        if (sinceAlert <= refractoryPoints) return false;
        sinceAlert = 0;
        return true;
    }

    /**
     * Whether an out-of-range point may alert, whatever the incident: more than {@code refractoryPoints} points
     * since the key's last out-of-range alert. A value past everything the sensor has shown is news even inside
     * an incident that already alerted on its forecast errors. Records the alert when it may.
     */
    public boolean rangeAlert(int refractoryPoints) {
        if (sinceRangeAlert <= refractoryPoints) return false;
        sinceRangeAlert = 0;
        return true;
    }

    /**
     * The key's recent alerts: each counts {@code exp(-points since it / window)}. A key that alerts often makes
     * each of its alerts less of a surprise; the detector ranks alerts by it.
     */
    public double alertLoad(int window) {
        int since = Math.min(sinceAlert, sinceRangeAlert);
        return since >= MAX_SINCE ? 0.0 : alertLoad * Math.exp(-since / (double) window);
    }

    /** Adds an alert raised now to the load, given the load just before it. */
    public void addAlertLoad(double before) {
        alertLoad = (float) (before + 1.0);
    }

    /** Records an alert raised outside {@link #alertOnOpen} (every anomalous point alerting). */
    public void alerted() {
        sinceAlert = 0;
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
        out.writeShort(quiet);   // at most incident-quiet-points <= 32767
        out.writeShort(sinceAlert);
        out.writeShort(sinceRangeAlert);
        out.writeFloat(alertLoad);
    }

    public void read(DataInput in) throws IOException {
        firstSeen = in.readLong();
        points = in.readInt();
        quiet = in.readShort();
        sinceAlert = in.readShort();
        sinceRangeAlert = in.readShort();
        alertLoad = in.readFloat();
    }
}
