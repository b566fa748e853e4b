package io.cardledger.projection.api;

/** An id the read models do not know; answered 404 with this title ("Wallet not found"). */
public class NotFoundException extends RuntimeException {
    private final String title;

    public NotFoundException(String title, String detail) {
        super(detail);
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The problem type: wallet-not-found, card-not-found, authorization-not-found, user-not-found (docs/problems.md). */
    public String slug() {
        return slug(title);
    }

    public static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
