package com.atelier.review;

/** No review item has this id. */
public final class ReviewItemNotFoundException extends RuntimeException {

    private final String reviewId;

    public ReviewItemNotFoundException(String reviewId) {
        super("no review item " + reviewId);
        this.reviewId = reviewId;
    }

    public String reviewId() {
        return reviewId;
    }
}
