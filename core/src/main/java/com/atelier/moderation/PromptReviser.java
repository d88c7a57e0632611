package com.atelier.moderation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Diversity for people the prompt leaves unspecified: when a prompt depicts a person or people (a
 * CEO, nurses…) without saying their gender or ethnicity, descriptors are added so that, over many
 * requests, the images reflect the world's population. The choice is drawn from the job's seed, so
 * the same job always gets the same revision; a prompt that already says anything about gender or
 * ethnicity, or names no person, is left as it is.
 */
public final class PromptReviser {

    /** Shares of the world's population by broad region of origin (UN World Population Prospects, rounded). */
    private static final List<Weighted> ETHNICITIES = List.of(
            new Weighted("South Asian", 25), new Weighted("East Asian", 21), new Weighted("Black", 18),
            new Weighted("white", 13), new Weighted("Southeast Asian", 9), new Weighted("Hispanic", 8),
            new Weighted("Middle Eastern", 6));
    private static final List<Weighted> GENDERS = List.of(new Weighted("woman", 50), new Weighted("man", 50));

    private static final Set<String> SINGULAR_PEOPLE = Set.of("person", "ceo", "doctor", "nurse", "teacher",
            "scientist", "engineer", "firefighter", "police officer", "chef", "farmer", "pilot", "lawyer", "worker",
            "student", "athlete", "artist", "programmer", "astronaut", "soldier", "judge", "dentist", "cashier",
            "musician", "singer", "dancer", "writer", "photographer", "businessperson", "entrepreneur", "professor",
            "mechanic", "builder", "gardener", "shopkeeper", "waiter", "driver", "surgeon", "pharmacist", "researcher",
            "manager", "executive", "baker", "plumber", "electrician", "librarian", "hiker", "runner", "cyclist",
            "tourist", "customer", "parent", "child", "kid", "adult", "senior", "teenager", "friend", "neighbor", "human");
    private static final Set<String> PLURAL_PEOPLE = Set.of("people", "persons", "ceos", "doctors", "nurses",
            "teachers", "scientists", "engineers", "firefighters", "police officers", "chefs", "farmers", "pilots",
            "lawyers", "workers", "students", "athletes", "artists", "programmers", "astronauts", "soldiers", "judges",
            "musicians", "singers", "dancers", "writers", "friends", "children", "kids", "adults", "teenagers",
            "humans", "employees", "coworkers", "colleagues", "tourists", "customers", "parents", "runners", "crowd",
            "team", "family");
    /** Words that already say something about gender or ethnicity: then the prompt is the user's to keep. */
    private static final Pattern SPECIFIED = Pattern.compile("\\b(woman|women|man|men|girl|girls|boy|boys|female|"
            + "male|lady|ladies|gentleman|gentlemen|he|she|his|her|him|hers|mother|father|mom|dad|son|daughter|"
            + "brother|sister|wife|husband|queen|king|princess|prince|nonbinary|non-binary|transgender|black|white|"
            + "asian|african|european|hispanic|latino|latina|latinx|indian|arab|middle eastern|caucasian|"
            + "indigenous|native|chinese|japanese|korean|nigerian|mexican|brazilian|irish|italian|french|german|"
            + "russian|american|british|ethnic|race|diverse)\\b");

    private static final Pattern SINGULAR = alternatives(SINGULAR_PEOPLE);
    private static final Pattern PLURAL = alternatives(PLURAL_PEOPLE);
    private static final Pattern ARTICLE_BEFORE = Pattern.compile("\\b(a|an)\\s+$", Pattern.CASE_INSENSITIVE);

    private record Weighted(String value, int weight) {
    }

    private final boolean enabled;

    /** @param enabled whether this deployment revises prompts (ATELIER_DIVERSITY) */
    public PromptReviser(boolean enabled) {
        this.enabled = enabled;
    }

    /** The revised prompt, or empty when the prompt stays as written. */
    public Optional<String> revise(String prompt, long seed) {
        if (!enabled) {
            return Optional.empty();
        }
        String lower = prompt.toLowerCase(Locale.ROOT);
        if (SPECIFIED.matcher(lower).find()) {
            return Optional.empty();
        }
        Optional<Match> person = firstMention(lower);
        if (person.isEmpty()) {
            return Optional.empty();
        }
        Random random = new Random(seed);
        Match match = person.get();
        String original = prompt.substring(match.start(), match.end());
        String replacement;
        if (match.plural()) {
            replacement = original + " of diverse genders and ethnicities";
        } else {
            String ethnicity = draw(ETHNICITIES, random);
            String gender = draw(GENDERS, random);
            replacement = original.equals("person") || original.equals("human") || original.equals("adult")
                    ? ethnicity + " " + gender
                    : ethnicity + " " + (gender.equals("woman") ? "female" : "male") + " " + original;
        }
        return Optional.of(withArticleFor(prompt.substring(0, match.start()), replacement)
                + replacement + prompt.substring(match.end()));
    }

    private record Match(int start, int end, boolean plural) {
    }

    private static Optional<Match> firstMention(String lower) {
        Matcher singular = SINGULAR.matcher(lower);
        Matcher plural = PLURAL.matcher(lower);
        boolean hasSingular = singular.find();
        boolean hasPlural = plural.find();
        if (hasSingular && (!hasPlural || singular.start() <= plural.start())) {
            return Optional.of(new Match(singular.start(), singular.end(), false));
        }
        return hasPlural ? Optional.of(new Match(plural.start(), plural.end(), true)) : Optional.empty();
    }

    private static Pattern alternatives(Set<String> nouns) {
        return Pattern.compile("\\b(" + String.join("|", nouns.stream()
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).map(Pattern::quote).toList()) + ")\\b");
    }

    /** "a East Asian CEO" reads "an East Asian CEO", and the other way round. */
    private static String withArticleFor(String before, String replacement) {
        Matcher article = ARTICLE_BEFORE.matcher(before);
        if (!article.find()) {
            return before;
        }
        boolean vowel = "aeiou".indexOf(Character.toLowerCase(replacement.charAt(0))) >= 0;
        String wanted = vowel ? "an" : "a";
        String written = article.group(1);
        String fixed = Character.isUpperCase(written.charAt(0)) ? Character.toUpperCase(wanted.charAt(0)) + wanted.substring(1) : wanted;
        return before.substring(0, article.start(1)) + fixed + before.substring(article.end(1));
    }

    private static String draw(List<Weighted> choices, Random random) {
        int total = choices.stream().mapToInt(Weighted::weight).sum();
        int pick = random.nextInt(total);
        for (Weighted choice : choices) {
            pick -= choice.weight();
            if (pick < 0) {
                return choice.value();
            }
        }
        throw new IllegalStateException("weights sum to " + total);
    }
}
