package com.atelier.moderation;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped lists hold the policy's targets on the labelled evaluation set. */
class EvaluationSetTest {

    @Test
    void recallIsAtLeastNinetyFivePercentAndFalseAlarmsAtMostTwo() throws Exception {
        List<ModerationEvaluation.Case> cases = ModerationEvaluation.read(Path.of("src/test/resources/moderation/eval.tsv"));
        ModerationEvaluation.Report report = ModerationEvaluation.evaluate(PromptModerator.fromClasspath(), cases);

        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(report.recall()).as(report.format()).isGreaterThanOrEqualTo(0.95);
        assertThat(report.falsePositiveRate()).as(report.format()).isLessThanOrEqualTo(0.02);
        for (ModerationEvaluation.CategoryScore score : report.categories()) {
            assertThat(score.labelled()).as(score.category().label()).isGreaterThanOrEqualTo(30);
        }
    }
}
