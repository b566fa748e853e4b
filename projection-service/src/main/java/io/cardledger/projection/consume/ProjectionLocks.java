package io.cardledger.projection.consume;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL advisory locks shared by every projection-service instance on one database. Live
 * polls take the apply lock shared (they never wait on each other); a rebuild's switch-over takes
 * it exclusively, so no poll is half applied to the old tables and half to the new ones.
 */
public final class ProjectionLocks {
    /** "cl-proj" in ASCII: any constant, as long as every instance uses the same one. */
    static final long LIVE_APPLY = 0x636c2d70726f6aL;
    /** Held for the whole of a rebuild, so two instances never rebuild at once. */
    static final long REBUILD = LIVE_APPLY + 1;

    private ProjectionLocks() {
    }

    /** Inside a transaction: waits while a switch-over holds the lock; released at commit. */
    static void shareLiveApply(JdbcTemplate jdbc) {
        jdbc.query("SELECT pg_advisory_xact_lock_shared(?)", rs -> null, LIVE_APPLY);
    }

    /** Inside a transaction: waits for running polls to commit and holds new ones back until commit. */
    public static void excludeLiveApply(JdbcTemplate jdbc) {
        jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> null, LIVE_APPLY);
    }

    /** On a session: true when this session now owns the rebuild. */
    public static boolean tryRebuild(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_lock(?)", Boolean.class, REBUILD));
    }

    public static void releaseRebuild(JdbcTemplate jdbc) {
        jdbc.queryForObject("SELECT pg_advisory_unlock(?)", Boolean.class, REBUILD);
    }
}
