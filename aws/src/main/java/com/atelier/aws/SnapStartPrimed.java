package com.atelier.aws;

/**
 * An adapter that can make its calls once before a SnapStart snapshot is taken, with inputs that
 * change nothing (reads of keys that never exist), so that the restored process has the SDK's
 * classes for those calls loaded and its connections' settings resolved.
 */
public interface SnapStartPrimed {

    /** The key that priming reads; no item ever has it. */
    String PRIMING_KEY = "snapstart-priming";

    void prime();
}
