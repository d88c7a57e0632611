package com.atelier.moderation;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromptReviserTest {

    private final PromptReviser reviser = new PromptReviser(true);

    @Test
    void anUnspecifiedPersonGetsDescriptorsDrawnFromTheSeed() {
        String revised = reviser.revise("a portrait of a CEO in an office", 7).orElseThrow();

        assertThat(revised).startsWith("a portrait of ").endsWith(" CEO in an office").isNotEqualTo("a portrait of a CEO in an office");
        assertThat(reviser.revise("a portrait of a CEO in an office", 7)).contains(revised);
    }

    @Test
    void theArticleFollowsTheInsertedWord() {
        for (long seed = 0; seed < 50; seed++) {
            String revised = reviser.revise("a nurse at work", seed).orElseThrow();
            boolean vowel = "aeiouAEIOU".indexOf(revised.charAt(revised.indexOf(' ') + 1)) >= 0;
            assertThat(revised).startsWith(vowel ? "an " : "a ");
        }
    }

    @Test
    void groupsOfPeopleAreAskedForDiversity() {
        assertThat(reviser.revise("nurses in a hospital corridor", 1)).contains("nurses of diverse genders and ethnicities in a hospital corridor");
    }

    @Test
    void aPromptThatAlreadySaysIsNeverRewritten() {
        assertThat(reviser.revise("a woman doctor", 1)).isEmpty();
        assertThat(reviser.revise("a Nigerian chef cooking", 1)).isEmpty();
        assertThat(reviser.revise("a teacher and her class", 1)).isEmpty();
    }

    @Test
    void promptsWithoutPeopleAndDisabledDeploymentsAreLeftAlone() {
        assertThat(reviser.revise("a red circle left of a blue square", 1)).isEmpty();
        assertThat(new PromptReviser(false).revise("a portrait of a CEO", 1)).isEmpty();
    }

    @Test
    void overManySeedsTheDescriptorsFollowTheWorldsPopulation() {
        Map<String, Integer> counts = new HashMap<>();
        int draws = 20_000;
        for (long seed = 0; seed < draws; seed++) {
            String revised = reviser.revise("a person", seed).orElseThrow();
            counts.merge(revised.contains("South Asian") ? "South Asian" : revised.contains("woman") ? "woman" : "other", 1, Integer::sum);
            counts.merge(revised.endsWith("woman") ? "women" : "men", 1, Integer::sum);
        }
        assertThat(counts.get("South Asian") / (double) draws).isBetween(0.23, 0.27);
        assertThat(counts.get("women") / (double) draws).isBetween(0.48, 0.52);
    }
}
