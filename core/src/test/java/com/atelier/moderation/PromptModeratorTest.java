package com.atelier.moderation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules, on small lists written here. */
class PromptModeratorTest {

    private final PromptModerator moderator = new PromptModerator(
            List.of(ListedPhrase.parse(ModerationCategory.VIOLENCE, "kill", "kill"),
                    ListedPhrase.parse(ModerationCategory.VIOLENCE, "decapitat", "decapitat*"),
                    ListedPhrase.parse(ModerationCategory.SEXUAL, "sex", "sex"),
                    ListedPhrase.parse(ModerationCategory.ILLEGAL, "cook meth", "cook meth"),
                    ListedPhrase.parse(ModerationCategory.PUBLIC_FIGURE, "Donald Trump", "trump"),
                    ListedPhrase.parse(ModerationCategory.PUBLIC_FIGURE, "Donald Trump", "donald trump")),
            List.of(ListedPhrase.parse(ModerationCategory.VIOLENCE, "killer whale", "killer whale"),
                    ListedPhrase.parse(ModerationCategory.VIOLENCE, "kill time", "kill time"),
                    ListedPhrase.parse(ModerationCategory.VIOLENCE, "trump card", "trump card")));

    private ModerationDecision.Blocked blocked(String prompt) {
        ModerationDecision decision = moderator.moderate(prompt);
        assertThat(decision).as(prompt).isInstanceOf(ModerationDecision.Blocked.class);
        return (ModerationDecision.Blocked) decision;
    }

    @Test
    void aListedWordIsFoundWhateverTheObfuscation() {
        for (String prompt : List.of("kill him", "K.I.L.L him", "k1ll him", "kiiiill him", "k i l l him", "ki\u200Bll him",
                "\u043A\u0456ll him", "kills")) {
            assertThat(blocked(prompt).category()).as(prompt).isEqualTo(ModerationCategory.VIOLENCE);
        }
    }

    @Test
    void theEvidenceNamesTheListedTermAndTheTextAsWritten() {
        ModerationDecision.Finding finding = blocked("please K.1.L.L the dragon").findings().get(0);

        assertThat(finding.listed()).isEqualTo("kill");
        assertThat(finding.matchedText()).isEqualTo("K.1.L.L");
    }

    @Test
    void wordsThatOnlyContainATermAreNotIt() {
        assertThat(moderator.moderate("a skillful painter in essex")).isInstanceOf(ModerationDecision.Allowed.class);
        assertThat(moderator.moderate("a trumpet player")).isInstanceOf(ModerationDecision.Allowed.class);
    }

    @Test
    void innocentPhrasesMaskTheTermsInsideThem() {
        assertThat(moderator.moderate("a killer whale at sunset")).isInstanceOf(ModerationDecision.Allowed.class);
        assertThat(moderator.moderate("people waiting to kill time")).isInstanceOf(ModerationDecision.Allowed.class);
        assertThat(moderator.moderate("a trump card on the table")).isInstanceOf(ModerationDecision.Allowed.class);
        assertThat(blocked("a killer whale about to kill a seal").findings()).extracting(ModerationDecision.Finding::listed)
                .containsExactly("kill");
    }

    @Test
    void multiWordPhrasesPrefixesAndNamesMatch() {
        assertThat(blocked("how to c00k   m3th at home").category()).isEqualTo(ModerationCategory.ILLEGAL);
        assertThat(blocked("a decapitated statue").category()).isEqualTo(ModerationCategory.VIOLENCE);
        assertThat(blocked("D0nald Trump on a horse").findings()).extracting(ModerationDecision.Finding::listed)
                .containsOnly("Donald Trump");
    }

    @Test
    void shortTermsNeedTheirOwnLettersNotMore() {
        assertThat(blocked("sexxx").category()).isEqualTo(ModerationCategory.SEXUAL);
        assertThat(moderator.moderate("seven sixes")).isInstanceOf(ModerationDecision.Allowed.class);
    }
}
