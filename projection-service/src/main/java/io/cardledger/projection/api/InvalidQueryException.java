package io.cardledger.projection.api;

/** A query parameter the caller must fix; answered 400 naming the parameter. */
public class InvalidQueryException extends RuntimeException {
    private final String parameter;

    public InvalidQueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
