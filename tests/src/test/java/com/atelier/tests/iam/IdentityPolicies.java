package com.atelier.tests.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity policies of each Lambda function's and the GPU worker's role in a synthesized
 * CloudFormation template, and whether they allow one action on one resource.
 *
 * <p>Resources in the policies are resolved from the template's own intrinsics: {@code Fn::GetAtt}
 * of a table's, queue's or bucket's {@code Arn}, {@code Ref}, {@code Fn::Join} and the pseudo
 * parameters, with the stage's prefix dropped from names and {@code *} for region and account, so
 * that they compare with the recorded calls. A bucket without {@code BucketName} is named after its
 * logical id ({@code Images1A2B3C4D} → {@code images}). Allowed means: an {@code Allow} statement
 * matches the action and the resource (IAM's {@code *} and {@code ?}; actions ignore case) and no
 * {@code Deny} statement does. Conditions, {@code NotAction}/{@code NotResource}, resource policies,
 * permission boundaries and managed policies are not evaluated: the check is about what the stack
 * grants, and CDK's grants use none of them.
 */
public final class IdentityPolicies {

    /** A principal's role: its logical id and its statements. */
    public record Role(String logicalId, List<Statement> statements) {
    }

    public record Statement(boolean allow, List<String> actions, List<String> resources) {

        boolean matches(String action, String resource) {
            return actions.stream().anyMatch(pattern -> glob(pattern, action, true))
                    && resources.stream().anyMatch(pattern -> glob(pattern, resource, false));
        }
    }

    private static final String GPU_WORKER = "gpu-worker";

    private final Map<String, Map<String, Object>> resources;
    private final String resourcePrefix;

    /**
     * @param template       the template as {@code Template.toJSON()} gives it
     * @param resourcePrefix the stage's prefix of resource and function names, e.g. {@code atelier-prod-}
     */
    @SuppressWarnings("unchecked")
    public IdentityPolicies(Map<String, Object> template, String resourcePrefix) {
        this.resources = (Map<String, Map<String, Object>>) template.get("Resources");
        this.resourcePrefix = resourcePrefix;
    }

    /**
     * The role of the function named {@code resourcePrefix + principal}, or, for {@code gpu-worker},
     * the task role of the worker's ECS task definition.
     */
    public Optional<Role> roleOf(String principal) {
        Optional<Object> roleArn = principal.equals(GPU_WORKER)
                ? resources.entrySet().stream()
                        .filter(entry -> type(entry.getValue()).equals("AWS::ECS::TaskDefinition")
                                && entry.getKey().startsWith("GpuWorker"))
                        .map(entry -> properties(entry.getValue()).get("TaskRoleArn"))
                        .findFirst()
                : resources.values().stream()
                        .filter(resource -> type(resource).equals("AWS::Lambda::Function")
                                && (resourcePrefix + principal).equals(properties(resource).get("FunctionName")))
                        .map(resource -> properties(resource).get("Role"))
                        .findFirst();
        return roleArn.flatMap(IdentityPolicies::getAttId).map(roleId -> new Role(roleId, statementsOf(roleId)));
    }

    /** Whether the role allows the action on the resource (see the class comment for what is evaluated). */
    public static boolean allows(Role role, String action, String resource) {
        return role.statements().stream().anyMatch(s -> s.allow() && s.matches(action, resource))
                && role.statements().stream().noneMatch(s -> !s.allow() && s.matches(action, resource));
    }

    @SuppressWarnings("unchecked")
    private List<Statement> statementsOf(String roleId) {
        List<Statement> statements = new ArrayList<>();
        for (Map<String, Object> resource : resources.values()) {
            Map<String, Object> properties = properties(resource);
            if (type(resource).equals("AWS::IAM::Policy")
                    && list(properties.get("Roles")).contains(Map.of("Ref", roleId))) {
                statements.addAll(statements((Map<String, Object>) properties.get("PolicyDocument")));
            }
        }
        Map<String, Object> role = resources.get(roleId);
        if (role != null) {
            for (Object inline : list(properties(role).get("Policies"))) {
                statements.addAll(statements((Map<String, Object>) ((Map<String, Object>) inline).get("PolicyDocument")));
            }
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    private List<Statement> statements(Map<String, Object> document) {
        List<Statement> statements = new ArrayList<>();
        for (Object item : list(document.get("Statement"))) {
            Map<String, Object> statement = (Map<String, Object>) item;
            if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                continue;
            }
            statements.add(new Statement("Allow".equals(statement.get("Effect")),
                    list(statement.get("Action")).stream().map(String::valueOf).toList(),
                    list(statement.get("Resource")).stream().map(this::resolve).flatMap(Optional::stream).toList()));
        }
        return statements;
    }

    /** A policy resource as a plain ARN pattern; empty for {@code AWS::NoValue}. */
    @SuppressWarnings("unchecked")
    Optional<String> resolve(Object value) {
        if (value instanceof String text) {
            return Optional.of(text);
        }
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            return Optional.of("unresolved:" + value);
        }
        Map.Entry<String, Object> intrinsic = ((Map<String, Object>) map).entrySet().iterator().next();
        switch (intrinsic.getKey()) {
            case "Ref" -> {
                return ref(String.valueOf(intrinsic.getValue()));
            }
            case "Fn::GetAtt" -> {
                List<Object> target = list(intrinsic.getValue());
                return Optional.of(getAtt(String.valueOf(target.get(0)), String.valueOf(target.get(1))));
            }
            case "Fn::Join" -> {
                List<Object> join = list(intrinsic.getValue());
                StringBuilder joined = new StringBuilder();
                List<Object> parts = list(join.get(1));
                for (int i = 0; i < parts.size(); i++) {
                    joined.append(i == 0 ? "" : join.get(0)).append(resolve(parts.get(i)).orElse(""));
                }
                return Optional.of(joined.toString());
            }
            default -> {
                return Optional.of("unresolved:" + value);
            }
        }
    }

    private Optional<String> ref(String id) {
        return switch (id) {
            case "AWS::NoValue" -> Optional.empty();
            case "AWS::Partition" -> Optional.of("aws");
            case "AWS::Region", "AWS::AccountId" -> Optional.of("*");
            case "AWS::URLSuffix" -> Optional.of("amazonaws.com");
            default -> Optional.of(switch (type(resources.getOrDefault(id, Map.of()))) {
                case "AWS::DynamoDB::Table", "AWS::S3::Bucket" -> nameOf(id);
                case "AWS::SQS::Queue" -> "https://sqs.*.amazonaws.com/*/" + nameOf(id);
                default -> "unresolved:Ref " + id;
            });
        };
    }

    private String getAtt(String id, String attribute) {
        String type = type(resources.getOrDefault(id, Map.of()));
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> "arn:aws:dynamodb:*:*:table/" + nameOf(id);
            case "AWS::DynamoDB::Table.StreamArn" -> "arn:aws:dynamodb:*:*:table/" + nameOf(id) + "/stream/*";
            case "AWS::SQS::Queue.Arn" -> "arn:aws:sqs:*:*:" + nameOf(id);
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + nameOf(id);
            default -> "unresolved:" + id + "." + attribute;
        };
    }

    /** A table's, queue's or bucket's name without the stage's prefix. */
    private String nameOf(String id) {
        Map<String, Object> properties = properties(resources.get(id));
        Object name = properties.getOrDefault("TableName", properties.getOrDefault("QueueName", properties.get("BucketName")));
        if (name instanceof String text) {
            return text.startsWith(resourcePrefix) ? text.substring(resourcePrefix.length()) : text;
        }
        // CDK's logical ids end in an 8-digit hash: Images9BF4DCD5 → images, UploadsBucket1A2B3C4D → uploads-bucket.
        return id.replaceFirst("[0-9A-F]{8}$", "").replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Optional<String> getAttId(Object value) {
        if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> target) {
            return Optional.of(String.valueOf(target.get(0)));
        }
        return Optional.empty();
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} any one. */
    static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0).matcher(value).matches();
    }

    private static String type(Map<String, Object> resource) {
        return String.valueOf(resource.get("Type"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource == null ? null : resource.get("Properties");
        return properties == null ? Map.of() : (Map<String, Object>) properties;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : value instanceof List<?> items ? (List<Object>) items : List.of(value);
    }
}
