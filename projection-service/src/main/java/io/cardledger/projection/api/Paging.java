package io.cardledger.projection.api;

/**
 * Page number (0-based) and size of a list query, validated so a typo answers 400 instead of
 * an empty page or a full table scan.
 */
public record Paging(int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw new InvalidQueryException("page", "page must be 0 or more (pages are numbered from 0), got " + p);
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidQueryException("size", "size must be between 1 and " + MAX_SIZE + ", got " + s);
        }
        if ((long) p * s > Integer.MAX_VALUE) {
            throw new InvalidQueryException("page", "page " + p + " is beyond any list");
        }
        return new Paging(p, s);
    }

    public int offset() {
        return page * size;
    }

    public int totalPages(long totalItems) {
        return (int) ((totalItems + size - 1) / size);
    }
}
