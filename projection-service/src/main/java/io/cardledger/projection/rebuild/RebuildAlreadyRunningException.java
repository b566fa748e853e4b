package io.cardledger.projection.rebuild;

/** A second rebuild while one runs, here or on another instance sharing the database. */
public class RebuildAlreadyRunningException extends RuntimeException {
    public RebuildAlreadyRunningException(String message) {
        super(message);
    }
}
