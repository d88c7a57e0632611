package com.atelier.worker.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.worker.eval.SceneScorer.Judgement;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The scorer against scenes the recipe's own renderer drew (ground truth it must get right). */
class SceneScorerTest {

    private record Sample(String caption, BufferedImage image) {
    }

    private static List<Sample> samples() throws IOException {
        List<Sample> samples = new ArrayList<>();
        String index;
        try (InputStream in = SceneScorerTest.class.getResourceAsStream("/scenes/captions.tsv")) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : index.split("\n")) {
            String[] fields = line.split("\t");
            try (InputStream in = SceneScorerTest.class.getResourceAsStream("/scenes/" + fields[0])) {
                samples.add(new Sample(fields[1], ImageIO.read(in)));
            }
        }
        return samples;
    }

    @Test
    void judgesEveryGroundTruthSceneRight() throws IOException {
        SceneScorer scorer = new SceneScorer();
        List<Sample> samples = samples();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(60);
        for (Sample sample : samples) {
            SceneCaption caption = SceneCaption.parse(sample.caption()).orElseThrow();
            Judgement judgement = scorer.judge(caption, sample.image());
            assertThat(judgement.colourRight()).as("colour of %s: found %s", sample.caption(), judgement.found()).isTrue();
            assertThat(judgement.shapeRight()).as("shape of %s: found %s", sample.caption(), judgement.found()).isTrue();
            assertThat(judgement.positionRight().orElse(true)).as("position of %s: found %s", sample.caption(), judgement.found()).isTrue();
            assertThat(judgement.bindingRight().orElse(true)).as("binding of %s: found %s", sample.caption(), judgement.found()).isTrue();
        }
    }

    @Test
    void findsNothingRightInAnEmptyScene() {
        BufferedImage blank = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        SceneCaption caption = SceneCaption.parse("a red circle on the left on a black background").orElseThrow();
        Judgement judgement = new SceneScorer().judge(caption, blank);
        assertThat(judgement.found()).isEmpty();
        assertThat(judgement.colourRight()).isFalse();
        assertThat(judgement.positionRight()).contains(false);
    }

    @Test
    void parsesBothFormsOfTheGrammarAndRefusesOthers() {
        SceneCaption single = SceneCaption.parse("a large orange star at the top on a gray background").orElseThrow();
        assertThat(single.objects()).containsExactly(new SceneCaption.ShapeSpec("orange", "star"));
        assertThat(single.position()).contains(SceneCaption.Position.TOP);
        assertThat(single.background()).contains("gray");
        SceneCaption pair = SceneCaption.parse("an orange cross below a blue circle").orElseThrow();
        assertThat(pair.relation()).contains(SceneCaption.Relation.BELOW);
        assertThat(pair.objects()).hasSize(2);
        assertThat(SceneCaption.parse("a photo of an astronaut riding a horse")).isEmpty();
    }
}
