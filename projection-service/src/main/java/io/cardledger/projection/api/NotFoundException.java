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
}
