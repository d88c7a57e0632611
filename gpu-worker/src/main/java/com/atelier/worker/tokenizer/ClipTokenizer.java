package com.atelier.worker.tokenizer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer.py), reading a model folder's
 * {@code vocab.json} and {@code merges.txt}: text is cleaned, lower-cased and split by CLIP's pattern,
 * each piece's UTF-8 bytes are mapped to printable characters, and merges apply lowest rank first.
 * Sequences are framed by the start and end tokens, cut to the context length and padded.
 */
public final class ClipTokenizer {

    public static final int CONTEXT_LENGTH = 77;
    private static final String START_TOKEN = "<|startoftext|>";
    private static final String END_TOKEN = "<|endoftext|>";
    private static final String END_OF_WORD = "</w>";
    // A run of digits is one word, as in the reference ids CLIP's tokenizer gives ("1990s" is 1 9 9 0</w>
    // s</w>): CLIP's merges join no two digits, so only the last digit of a run ends a word.
    private static final Pattern PIECES = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}+|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String[] BYTE_CHARACTERS = byteCharacters();
    // The reference ids encode a character beyond the Basic Multilingual Plane (an emoji) as its two
    // UTF-16 halves, three bytes each, which is CESU-8; every other character's bytes are UTF-8's.
    private static final Charset PIECE_ENCODING = Charset.forName("CESU-8");

    private final Map<String, Integer> vocabulary;
    private final Map<String, Integer> mergeRanks;
    private final int startId;
    private final int endId;
    private final int padId;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    private ClipTokenizer(Map<String, Integer> vocabulary, Map<String, Integer> mergeRanks, int padId) {
        this.vocabulary = vocabulary;
        this.mergeRanks = mergeRanks;
        this.startId = idOf(vocabulary, START_TOKEN);
        this.endId = idOf(vocabulary, END_TOKEN);
        this.padId = padId;
    }

    /**
     * Reads {@code vocab.json} and {@code merges.txt} from a tokenizer folder. The pad is the end token
     * unless the folder's {@code special_tokens_map.json} or {@code tokenizer_config.json} names
     * another (Stable Diffusion 2 pads with {@code !}).
     */
    public static ClipTokenizer fromFolder(Path folder) {
        ObjectMapper json = new ObjectMapper();
        try {
            Map<String, Integer> vocabulary = json.readValue(folder.resolve("vocab.json").toFile(),
                    new TypeReference<HashMap<String, Integer>>() {});
            Map<String, Integer> ranks = new HashMap<>();
            for (String line : Files.readAllLines(folder.resolve("merges.txt"), StandardCharsets.UTF_8)) {
                if (line.startsWith("#version") || line.isBlank()) {
                    continue;
                }
                ranks.putIfAbsent(line, ranks.size());
            }
            String pad = padToken(json, folder);
            return new ClipTokenizer(vocabulary, ranks, idOf(vocabulary, pad));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer in " + folder, e);
        }
    }

    private static String padToken(ObjectMapper json, Path folder) throws IOException {
        for (String file : List.of("special_tokens_map.json", "tokenizer_config.json")) {
            Path path = folder.resolve(file);
            if (Files.exists(path)) {
                JsonNode pad = json.readTree(path.toFile()).path("pad_token");
                String token = pad.isObject() ? pad.path("content").asText(null) : pad.asText(null);
                if (token != null && !token.isEmpty()) {
                    return token;
                }
            }
        }
        return END_TOKEN;
    }

    private static int idOf(Map<String, Integer> vocabulary, String token) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new IllegalArgumentException("the vocabulary has no " + token);
        }
        return id;
    }

    /** The ids of a text, start and end included, without padding or truncation. */
    public int[] tokenize(String text) {
        List<Integer> ids = new ArrayList<>();
        ids.add(startId);
        Matcher pieces = PIECES.matcher(clean(text));
        while (pieces.find()) {
            for (int id : bpe(pieces.group())) {
                ids.add(id);
            }
        }
        ids.add(endId);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@link #CONTEXT_LENGTH} ids: cut to fit (keeping the end token), then padded. */
    public int[] encode(String text) {
        int[] ids = tokenize(text);
        int[] framed = new int[CONTEXT_LENGTH];
        Arrays.fill(framed, padId);
        int kept = Math.min(ids.length, CONTEXT_LENGTH);
        System.arraycopy(ids, 0, framed, 0, kept);
        framed[kept - 1] = endId;
        return framed;
    }

    static String clean(String text) {
        String unescaped = StringEscapeUtils.unescapeHtml4(StringEscapeUtils.unescapeHtml4(text));
        String normalised = Normalizer.normalize(unescaped, Normalizer.Form.NFC);
        return WHITESPACE.matcher(normalised).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    private int[] bpe(String piece) {
        return cache.computeIfAbsent(piece, this::mergePiece);
    }

    private int[] mergePiece(String piece) {
        byte[] bytes = piece.getBytes(PIECE_ENCODING);
        List<String> symbols = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            symbols.add(BYTE_CHARACTERS[b & 0xff]);
        }
        symbols.set(symbols.size() - 1, symbols.get(symbols.size() - 1) + END_OF_WORD);
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String bestFirst = null;
            String bestSecond = null;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = mergeRanks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    bestFirst = symbols.get(i);
                    bestSecond = symbols.get(i + 1);
                }
            }
            if (bestFirst == null) {
                break;
            }
            List<String> merged = new ArrayList<>(symbols.size());
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size() && symbols.get(i).equals(bestFirst) && symbols.get(i + 1).equals(bestSecond)) {
                    merged.add(bestFirst + bestSecond);
                    i++;
                } else {
                    merged.add(symbols.get(i));
                }
            }
            symbols = merged;
        }
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idOf(vocabulary, symbols.get(i));
        }
        return ids;
    }

    public int startId() {
        return startId;
    }

    public int endId() {
        return endId;
    }

    public int padId() {
        return padId;
    }

    /** GPT-2's reversible map from bytes to printable characters, which CLIP's vocabulary is written in. */
    private static String[] byteCharacters() {
        String[] characters = new String[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            characters[b] = new String(Character.toChars(printable ? b : 256 + extra++));
        }
        return characters;
    }
}
