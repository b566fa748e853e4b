package io.cardledger.ingest.notification;

import io.cardledger.events.notification.NotificationKind;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.WebhookRejectedException;

/** A refused notification, with its kind when the body was readable enough to tell (for the metric tag). */
public class NotificationRejectedException extends WebhookRejectedException {
    private final NotificationKind kind;

    public NotificationRejectedException(Rejection rejection, String detail, NotificationKind kind) {
        super(rejection, detail);
        this.kind = kind;
    }

    /** The kind family for metrics: "none" when the body was not a JSON object. */
    public String kindFamily() {
        return kind == null ? NotificationMetrics.NO_KIND : kind.family();
    }
}
