package io.cardledger.events.notification;

/** A notification body that cannot be read: the caller answers 400 and stores nothing. */
public class InvalidNotificationException extends RuntimeException {
    private final String field;

    public InvalidNotificationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
