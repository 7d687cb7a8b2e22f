package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A key's incident: the anomalous state it is in, not only its anomalous points. A point scoring at or over the
 * threshold opens an incident; while it is open, every point scoring at or over the (lower) release level keeps it
 * open and is anomalous, and {@code quietPoints} points in a row under the release level close it: the key has
 * returned. An incident still open after {@code newNormalMillis} of event time ends instead as an accepted new normal
 * (the detector then re-baselines the key). A caller that gives a point no bound (0) keeps the incident open past its
 * time at that point, as the detector does while a sensor of the key is stuck ({@link #newNormalDue} says when that
 * matters). The incident is identified by its key and first-seen time. Shortly after
 * a close, only strong evidence over time opens one, and it reopens the incident that closed (see {@link #resumed()}).
 *
 * <p>From a point of an open incident (anomalous, or quiet before the close) the detector learns nothing that defines
 * the key's normal (normalisation, adaptation, daily profile, channel relations, evidence ranges, the spread
 * evidence's error scale, fine-tuning windows): an anomaly is never learned as normal. The point likelihood's live
 * error scale learns from every point, clipped, but for a channel that stands still in the incident (a stuck sensor).
 */
public final class IncidentTracker {

    private long firstSeen;
    private int points;    // anomalous points in the open incident
    private int age;       // points since it opened; 0 = none open
    private int quiet;     // consecutive quiet points in the open incident
    private int ended;     // the length of the last incident that ended (not stored: read at the point it ends)
    private boolean endedBack;   // the last incident reached its bound with the key back under the release level (the same)
    private short sinceClose = Short.MAX_VALUE;   // points since the last incident closed, saturating
    /** Quiet-point spans after a close in which evidence over time alone opens no incident. */
    static final int REOPEN_GUARD = 6;
    private boolean resumed;   // the point just recorded reopened the incident that had closed (not stored: read at that point)
    private boolean alerted;   // the open (or just ended) incident raised an alert: its lifecycle goes out too
    private short sinceAlert = MAX_SINCE;   // points since the key's last alert, saturating: the refractory clock
    private short sinceRangeAlert = MAX_SINCE;   // the same for out-of-range alerts, which have a clock of their own

    private float alertLoad;   // the key's alerts, each decaying with the points since it (as of its last alert)

    private static final short MAX_SINCE = Short.MAX_VALUE;

    /**
     * Records one point with its score; returns where it stands in the key's incident.
     *
     * @param newNormalMillis event time after which an open incident is accepted as the key's new normal (0 = never);
     *                        it also needs at least twice {@code quietPoints} points, so a sparse key is not accepted at once
     */
    public IncidentStatus record(double score, double threshold, double release, long time, int quietPoints, long newNormalMillis) {
        return record(score, score, threshold, release, time, quietPoints, newNormalMillis);
    }

    /**
     * As {@link #record(double, double, double, long, int, long)}, with the score that holds an open incident given
     * apart: {@code score} opens one (at the threshold), {@code hold} keeps one going (at the release level).
     */
    public IncidentStatus record(double score, double hold, double threshold, double release, long time, int quietPoints, long newNormalMillis) {
        return record(score, score, hold, threshold, release, time, quietPoints, newNormalMillis);
    }

    /**
     * The general form: {@code score} opens an incident at the threshold; an open one goes on while {@code point}
     * (the judgement of the point itself) is at or over the threshold or {@code hold} (the evidence that the key is
     * still away) is at or over the release level.
     */
    public IncidentStatus record(double score, double point, double hold, double threshold, double release, long time,
                                 int quietPoints, long newNormalMillis) {
        resumed = false;
        if (sinceAlert < MAX_SINCE) sinceAlert++;
        if (sinceRangeAlert < MAX_SINCE) sinceRangeAlert++;
        if (age == 0) {
            if (sinceClose < Short.MAX_VALUE) sinceClose++;
            // evidence over time alone does not reopen what just closed: a key that returned is given a while. Unless
            // the evidence is strong (as far over the threshold as the release level is under it): then the key did
            // not return, and the incident that closed goes on, with its id and its new-normal clock from its first
            // opening, so a change that stays reaches the new-normal bound rather than opening an incident per peak
            boolean guarded = point < threshold && sinceClose <= REOPEN_GUARD * quietPoints;
            if (score < threshold || (guarded && score < threshold + (threshold - release))) return IncidentStatus.NONE;
            if (guarded) {
                // at least its age when it closed, plus the time since
                age = (int) Math.min(Integer.MAX_VALUE, (long) points + quietPoints + sinceClose);
                if (points < Integer.MAX_VALUE) points++;
                quiet = 0;
                resumed = true;
                return IncidentStatus.OPENED;
            }
            firstSeen = time;
            points = 1;
            age = 1;
            quiet = 0;
            alerted = false;
            return IncidentStatus.OPENED;
        }
        if (age < Integer.MAX_VALUE) age++;
        if (pastBound(time, age, quietPoints, newNormalMillis)) {
            // quiet at this point and the one before: the key was back when the bound came
            boolean back = quiet >= 1 && point < threshold && hold < release;
            close();
            endedBack = back;
            return IncidentStatus.NEW_NORMAL;
        }
        if (point >= threshold || hold >= release) {
            if (points < Integer.MAX_VALUE) points++;
            quiet = 0;
            return IncidentStatus.CONTINUING;
        }
        if (++quiet >= quietPoints) {
            close();
            return IncidentStatus.CLOSED;
        }
        return IncidentStatus.QUIET;
    }

    /**
     * Ends the open incident now as an accepted new normal, before its time bound: the detector's rule for a new run
     * still settling. Returns {@link IncidentStatus#NEW_NORMAL}.
     */
    public IncidentStatus endAsNewNormal() {
        close();
        return IncidentStatus.NEW_NORMAL;
    }

    private void close() {
        sinceClose = 0;
        ended = age;
        endedBack = false;
        age = 0;
        quiet = 0;
    }

    /**
     * Whether the point just recorded reopened the incident that had closed within the reopen guard (same id, status
     * {@link IncidentStatus#OPENED}) rather than opening a new one or none.
     */
    public boolean resumed() {
        return resumed;
    }

    /** Points the incident that ended at the last point lasted (from its opening point to that point). */
    public int endedLength() {
        return ended;
    }

    /**
     * Whether the incident that ended at the last point reached its new-normal bound with the key already back: that
     * point and the one before it quiet (under the threshold on the point, under the release level on the hold).
     */
    public boolean endedBack() {
        return endedBack;
    }

    /** Anomalous points so far in the open incident (or in the one just ended). */
    public int points() {
        return points;
    }

    /**
     * Whether the open incident reaches its new-normal bound at a point at {@code time}: {@link #record} would end it
     * there as {@link IncidentStatus#NEW_NORMAL}, unless given no bound for that point.
     */
    public boolean newNormalDue(long time, int quietPoints, long newNormalMillis) {
        return age > 0 && pastBound(time, Math.min(Integer.MAX_VALUE, (long) age + 1), quietPoints, newNormalMillis);
    }

    /** The open incident, {@code age} points old at a point at {@code time}, has outlasted its new-normal bound. */
    private boolean pastBound(long time, long age, int quietPoints, long newNormalMillis) {
        return newNormalMillis > 0 && time - firstSeen >= newNormalMillis && age > 2L * quietPoints;
    }

    /** Points since the open incident opened (0 when none is open). */
    public int age() {
        return age;
    }

    /**
     * Whether the point just recorded, the first of its incident, may alert: more than {@code refractoryPoints}
     * points since the key's last alert. Records the alert when it may.
     */
    public boolean alertOnOpen(int refractoryPoints) {
        if (sinceAlert <= refractoryPoints) return false;
        sinceAlert = 0;
        alerted = true;
        return true;
    }

    /** Whether the open incident (or the one that ended at the last point) raised an alert. */
    public boolean alerted() {
        return alerted;
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
    public void markAlerted() {
        sinceAlert = 0;
        alerted = true;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public boolean open() {
        return age > 0;
    }

    public static String incidentId(String key, long firstSeen) {
        return key + "@" + firstSeen;
    }

    /**
     * Writes all but the incident's points and age, which its caller writes in the bytes they need: the first point's
     * time, then the quiet run, the alert clocks and load, the alert flag and the close clock.
     */
    public void writeClocks(DataOutput out) throws IOException {
        out.writeLong(firstSeen);
        out.writeShort(quiet);   // at most incident-quiet-points <= 32767
        out.writeShort(sinceAlert);
        out.writeShort(sinceRangeAlert);
        out.writeFloat(alertLoad);
        out.writeBoolean(alerted);
        out.writeShort(sinceClose);
    }

    /** Reads what {@link #writeClocks} wrote, with the incident's {@code points} and {@code age} read by its caller. */
    public void readClocks(DataInput in, int points, int age) throws IOException {
        firstSeen = in.readLong();
        this.points = points;
        this.age = age;
        readRest(in);
    }

    /**
     * Reads the layout of {@code version}, 1 or 2 (since 3 the caller reads the points and age and {@link #readClocks}
     * the rest): 2 has the first point's time, the points and age as ints, then what {@link #writeClocks} writes after
     * the time; 1 (before incidents had a lifecycle) had no age, alert flag or close clock, so an open incident is
     * taken as alerted and as old as its anomalous points.
     */
    public void read(DataInput in, int version) throws IOException {
        if (version == 1) {
            firstSeen = in.readLong();
            points = in.readInt();
            age = points;
            quiet = in.readShort();
            sinceAlert = in.readShort();
            sinceRangeAlert = in.readShort();
            alertLoad = in.readFloat();
            alerted = points > 0;
            sinceClose = Short.MAX_VALUE;
            return;
        }
        firstSeen = in.readLong();
        points = in.readInt();
        age = in.readInt();
        readRest(in);
    }

    private void readRest(DataInput in) throws IOException {
        quiet = in.readShort();
        sinceAlert = in.readShort();
        sinceRangeAlert = in.readShort();
        alertLoad = in.readFloat();
        alerted = in.readBoolean();
        sinceClose = in.readShort();
    }
}
