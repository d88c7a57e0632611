package com.atelier.moderation;

import java.util.List;

/** The verdict on one prompt: allowed, or blocked with every finding that blocked it. */
public sealed interface ModerationDecision permits ModerationDecision.Allowed, ModerationDecision.Blocked {

    /** One listed term or name found in the prompt, with the text as the user wrote it. */
    record Finding(ModerationCategory category, String listed, String matchedText) {
    }

    record Allowed() implements ModerationDecision {
    }

    record Blocked(List<Finding> findings) implements ModerationDecision {
        public Blocked {
            findings = List.copyOf(findings);
            if (findings.isEmpty()) {
                throw new IllegalArgumentException("a blocked decision names what blocked it");
            }
        }

        /** The category of the first finding in the prompt. */
        public ModerationCategory category() {
            return findings.get(0).category();
        }
    }
}
