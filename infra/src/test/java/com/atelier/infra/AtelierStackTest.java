package com.atelier.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.api.ApiFunction;
import com.atelier.api.ApiRoutes;
import com.atelier.api.Route;
import com.atelier.config.AtelierConfig;
import com.atelier.resources.AtelierResources;
import com.atelier.resources.TableDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized templates of a dev and a prod stage, read back with CDK's assertions. */
class AtelierStackTest {

    /** Dead letters, change events, job outcomes, usage counting, stalled jobs, webhook fan-out and dispatcher. */
    private static final int QUEUE_AND_STREAM_FUNCTIONS = 7;

    private static final AtelierResources DEV = AtelierResources.of(AtelierConfig.from(Map.of("ATELIER_STAGE", "dev")));

    private static Template dev;
    private static Template prod;

    @BeforeAll
    static void synthesize() {
        dev = StageTemplates.synthesize(StageTemplates.DEV);
        prod = StageTemplates.synthesize(StageTemplates.PROD);
    }

    @Test
    void everyRouteOfTheSharedTableReachesItsFunctionsHandlerThroughTheLiveAlias() {
        Map<String, Map<String, Object>> routes = dev.findResources("AWS::ApiGatewayV2::Route");
        Map<String, Map<String, Object>> integrations = dev.findResources("AWS::ApiGatewayV2::Integration");
        Map<String, Map<String, Object>> aliases = dev.findResources("AWS::Lambda::Alias");
        Map<String, Map<String, Object>> functions = dev.findResources("AWS::Lambda::Function");
        Set<String> routeKeys = new HashSet<>();
        for (Map<String, Object> route : routes.values()) {
            Map<String, Object> properties = properties(route);
            String routeKey = (String) properties.get("RouteKey");
            routeKeys.add(routeKey);
            String integrationId = referencedId(properties.get("Target"));
            Map<String, Object> integration = properties(integrations.get(integrationId));
            String aliasId = referencedId(integration.get("IntegrationUri"));
            Map<String, Object> alias = properties(aliases.get(aliasId));
            assertThat(alias.get("Name")).isEqualTo("live");
            String functionId = referencedId(alias.get("FunctionName"));
            String handler = (String) properties(functions.get(functionId)).get("Handler");
            Route expected = ApiRoutes.ALL.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst().orElseThrow();
            assertThat(handler).as(routeKey).isEqualTo(expected.function().handlerClassName() + "::handleRequest");
        }
        assertThat(routeKeys).containsExactlyInAnyOrderElementsOf(ApiRoutes.ALL.stream().map(Route::routeKey).toList());
    }

    @Test
    void everyFunctionRunsJava21OnArm64WithSnapStartOnPublishedVersions() {
        dev.resourcePropertiesCountIs("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"))), ApiFunction.values().length + QUEUE_AND_STREAM_FUNCTIONS);
        for (ApiFunction function : ApiFunction.values()) {
            dev.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "atelier-dev-" + function.shortName(),
                    "MemorySize", function.memoryMegabytes(),
                    "Timeout", (int) function.timeout().toSeconds())));
        }
    }

    @Test
    void tablesAreCoresDefinitionsOnDemandEncryptedAndRecoverable() {
        for (TableDefinition table : DEV.tables()) {
            Map<String, Object> expected = new java.util.HashMap<>(Map.of(
                    "TableName", table.name(),
                    "BillingMode", "PAY_PER_REQUEST",
                    "SSESpecification", Map.of("SSEEnabled", true),
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                    "DeletionProtectionEnabled", false));
            table.timeToLiveAttribute().ifPresent(attribute ->
                    expected.put("TimeToLiveSpecification", Map.of("AttributeName", attribute, "Enabled", true)));
            if (!table.globalIndexes().isEmpty()) {
                expected.put("GlobalSecondaryIndexes", Match.arrayWith(table.globalIndexes().stream()
                        .map(index -> (Object) Match.objectLike(Map.of("IndexName", index.name()))).toList()));
            }
            dev.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(expected));
        }
    }

    @Test
    void productionProtectsAndKeepsItsData() {
        prod.resourcePropertiesCountIs("AWS::DynamoDB::Table",
                Match.objectLike(Map.of("DeletionProtectionEnabled", true)), DEV.tables().size());
        prod.allResources("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
        prod.allResources("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }

    @Test
    void theJobsQueueRedrivesToItsDeadLetterQueueWhichFeedsTheRefundFunction() {
        Map<String, Map<String, Object>> queues = dev.findResources("AWS::SQS::Queue");
        String deadLetterId = queues.entrySet().stream()
                .filter(entry -> DEV.jobsDeadLetterQueue().name().equals(properties(entry.getValue()).get("QueueName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        dev.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", DEV.jobsQueue().name(),
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Map.of(
                        "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(deadLetterId, "Arn")),
                        "maxReceiveCount", AtelierResources.JOBS_MAX_RECEIVE_COUNT))));
        dev.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(deadLetterId, "Arn")),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"))));
    }

    @Test
    void theBucketIsPrivateEncryptedTlsOnlyAndExpiresResultsAndUploads() {
        dev.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Match.objectLike(Map.of("ServerSideEncryptionConfiguration", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))))),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Prefix", DEV.images().resultsPrefix(), "ExpirationInDays", 30)),
                        Match.objectLike(Map.of("Prefix", DEV.images().uploadsPrefix(), "ExpirationInDays", 1))))))));
        dev.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    /** Actions AWS grants on no particular resource, so CDK's grants give them on {@code *}. */
    private static final Set<String> UNSCOPABLE_ACTIONS = Set.of("dynamodb:ListStreams", "ecr:GetAuthorizationToken",
            "ecs:DiscoverPollEndpoint", "ec2:DescribeInstances", "ec2:DescribeInstanceAttribute",
            "ec2:DescribeInstanceStatus", "ec2:DescribeHosts");

    /**
     * What CDK's ECS constructs grant on every resource to the GPU instances' ECS agent and its drain
     * hook besides those: actions scoped by a condition on the cluster, and the agent's own log writes.
     */
    private static final Set<String> ECS_AGENT_WILDCARD_ACTIONS = Set.of("ecs:Poll", "ecs:StartTelemetrySession",
            "logs:CreateLogStream", "logs:PutLogEvents", "ecs:DescribeContainerInstances", "ecs:DescribeTasks",
            "ecs:UpdateContainerInstancesState", "ecs:ListTasks");

    /**
     * What CDK's BucketDeployment grants its copying function when the web client is built
     * ({@code web/dist}): CloudFront invalidations on every distribution, as the construct offers no
     * way to name ours. It reads and writes no data; the files go only to the site bucket.
     */
    private static final Set<String> WEB_DEPLOYMENT_WILDCARD_ACTIONS = Set.of("cloudfront:GetInvalidation",
            "cloudfront:CreateInvalidation");

    @Test
    void noPolicyGrantsEveryActionAndOnlyTheEcsAgentGetsEveryResource() {
        for (Map<String, Object> policy : dev.findResources("AWS::IAM::Policy").values()) {
            for (Map<String, Object> statement : statements(policy)) {
                assertThat(asList(statement.get("Action"))).as("%s", statement)
                        .noneMatch(action -> action.equals("*") || action.toString().endsWith(":*"));
                if (asList(statement.get("Resource")).contains("*")) {
                    assertThat(asList(statement.get("Action"))).as("%s", statement)
                            .allMatch(action -> UNSCOPABLE_ACTIONS.contains(action) || ECS_AGENT_WILDCARD_ACTIONS.contains(action)
                                    || WEB_DEPLOYMENT_WILDCARD_ACTIONS.contains(action));
                }
            }
        }
        for (String shortName : List.of("accounts", "credits", "images", "jobs", "moderation", "dead-letters", "health",
                "change-events", "job-outcomes")) {
            for (Map<String, Object> statement : statementsOf(shortName)) {
                if (asList(statement.get("Resource")).contains("*")) {
                    assertThat(asList(statement.get("Action"))).as("%s: %s", shortName, statement)
                            .allMatch(UNSCOPABLE_ACTIONS::contains);
                }
            }
        }
    }

    @Test
    void aFunctionReachesOnlyTheTablesItsCodeUses() {
        assertThat(tablesReachedBy("credits")).containsExactlyInAnyOrder("AccountsTable", "LedgerTable", "ApiKeysTable");
        assertThat(tablesReachedBy("billing-webhook")).containsExactlyInAnyOrder("AccountsTable", "LedgerTable");
        assertThat(tablesReachedBy("health")).containsExactly("AccountsTable");
        assertThat(tablesReachedBy("dead-letters")).containsExactlyInAnyOrder("JobsTable", "AccountsTable", "LedgerTable");
        assertThat(tablesReachedBy("jobs")).containsExactlyInAnyOrder("AccountsTable", "LedgerTable", "ApiKeysTable",
                "JobsTable", "RateLimitsTable", "ReviewsTable");
        assertThat(actionsOf("health")).containsExactlyInAnyOrder("dynamodb:DescribeTable", "sqs:GetQueueUrl", "s3:ListBucket");
        assertThat(actionsOf("credits")).noneMatch(action -> action.startsWith("s3:") || action.startsWith("sqs:"));
        assertThat(actionsOf("jobs")).contains("sqs:SendMessage").doesNotContain("sqs:DeleteMessage");
    }

    @Test
    void webhookDeliveriesGoThroughTheirQueueWithTheFewestRights() {
        dev.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("QueueName", DEV.webhookDeliveriesQueue().name())));
        dev.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "BatchSize", 5, "FunctionResponseTypes", List.of("ReportBatchItemFailures"))));
        assertThat(actionsOf("webhook-dispatcher")).contains("sqs:ReceiveMessage", "sqs:SendMessage", "dynamodb:UpdateItem")
                .noneMatch(action -> action.startsWith("s3:") || action.equals("events:PutEvents"));
        assertThat(actionsOf("webhook-fanout")).contains("dynamodb:GetRecords", "sqs:SendMessage", "dynamodb:Query")
                .noneMatch(action -> action.startsWith("s3:") || action.equals("events:PutEvents"));
    }

    @Test
    void everyFunctionHasARowInTheAccessTable() {
        List<com.atelier.api.FunctionDefinition> all = new ArrayList<>(List.of(ApiFunction.values()));
        all.addAll(List.of(AtelierStack.DEAD_LETTER_FUNCTION, AtelierStack.CHANGE_EVENTS_FUNCTION,
                AtelierStack.JOB_OUTCOMES_FUNCTION, AtelierStack.USAGE_COUNTING_FUNCTION, AtelierStack.STALLED_JOBS_FUNCTION,
                AtelierStack.WEBHOOK_FAN_OUT_FUNCTION, AtelierStack.WEBHOOK_DISPATCHER_FUNCTION));
        assertThat(FunctionAccess.USES.keySet()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void theApiIsThrottledAndAllowsTheWebClientsOrigin() {
        prod.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "StageName", "$default",
                "DefaultRouteSettings", Match.objectLike(Map.of("ThrottlingRateLimit", 200, "ThrottlingBurstLimit", 400)))));
        // CORS comes from the ApiCors resource once the web client's distribution exists (WebHostingTest).
        prod.hasResourceProperties("AWS::ApiGatewayV2::Api", Match.objectLike(Map.of(
                "CorsConfiguration", Match.absent())));
    }

    @Test
    void alarmsWatchTheDeadLetterQueueServerErrorsUnsettledOutcomesAndJobAge() {
        // Four to the alarm topic; the worker's step scaling adds its own two.
        dev.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmActions",
                List.of(Map.of("Ref", Match.stringLikeRegexp("^Alarms.*"))))), 4);
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1)));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "5xx")));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 600)));
    }

    @Test
    void theCostDashboardReadsTheMetricsTheCodeWrites() {
        Map<String, Map<String, Object>> dashboards = dev.findResources("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        String body = String.valueOf(properties(dashboards.values().iterator().next()).get("DashboardBody"));
        // The names the functions (ApiHandler, ImageJobs, JobOutcomes) and the worker (JobProcessor) emit.
        assertThat(body).contains("{Atelier,Route} MetricName=\\\"Requests\\\"", "CreditsSpent", "CreditsRefunded",
                "ImagesMade", "ImagesFlagged", "GpuMillis", "JobLatency", "ApproximateNumberOfMessagesVisible",
                "gpu / 3600000 * 1.0060");
    }

    @Test
    void jobCreditReviewAndAccountChangesReachTheEventBusFromTheTablesStreams() {
        dev.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "atelier-dev-events"));
        dev.hasResourceProperties("AWS::Events::Archive", Match.objectLike(Map.of(
                "EventPattern", Map.of("source", List.of("atelier")))));
        for (String table : List.of(DEV.jobs().name(), DEV.ledger().name(), DEV.reviews().name(), DEV.accounts().name())) {
            dev.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                    "TableName", table, "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"))));
        }
        // Four streams each to change-events and to webhook-fanout.
        dev.resourcePropertiesCountIs("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "StartingPosition", "LATEST",
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"))), 8);
        dev.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "atelier-dev-change-events",
                "Handler", "com.atelier.functions.events.ChangeEventsHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("ATELIER_EVENT_BUS", Match.anyValue()))))));
        // It reads the streams and writes nothing but events.
        assertThat(actionsOf("change-events")).contains("events:PutEvents", "dynamodb:GetRecords")
                .noneMatch(action -> action.equals("dynamodb:PutItem") || action.equals("dynamodb:GetItem"));
    }

    @Test
    void withCognitoTheFunctionsTakeItsAccessTokensBesideApiKeys() {
        prod.resourceCountIs("AWS::Cognito::UserPool", 1);
        dev.resourceCountIs("AWS::Cognito::UserPool", 0);
        Map<String, Map<String, Object>> functions = prod.findResources("AWS::Lambda::Function");
        int checked = 0;
        for (Map<String, Object> function : functions.values()) {
            if (!String.valueOf(properties(function).get("FunctionName")).startsWith("atelier-prod-")) {
                continue;
            }
            checked++;
            String environment = String.valueOf(properties(function).get("Environment"));
            assertThat(environment).contains("ATELIER_OIDC_ISSUER", "ATELIER_OIDC_JWKS_URL", "/.well-known/jwks.json",
                    "ATELIER_OIDC_AUDIENCE");
        }
        assertThat(checked).isEqualTo(ApiFunction.values().length + QUEUE_AND_STREAM_FUNCTIONS);
        // No API Gateway authorizer: it would turn away the API keys.
        prod.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    }

    @Test
    void theGpuWorkerRunsOnGpuInstancesThatFollowItsTasksAndScalesOnJobsToZero() {
        dev.hasResourceProperties("AWS::ECS::CapacityProvider", Match.objectLike(Map.of(
                "AutoScalingGroupProvider", Match.objectLike(Map.of("ManagedScaling", Match.objectLike(Map.of(
                        "Status", "ENABLED", "TargetCapacity", 100)))))));
        dev.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of("MinSize", "0", "MaxSize", "2")));
        dev.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "ResourceRequirements", List.of(Map.of("Type", "GPU", "Value", "1")),
                        "StopTimeout", 120))))));
        dev.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DesiredCount", 0,
                "CapacityProviderStrategy", List.of(Match.objectLike(Map.of("Weight", 1))))));
        dev.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of(
                "MinCapacity", 0, "MaxCapacity", 2, "ScalableDimension", "ecs:service:DesiredCount")));
        dev.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
                "StepScalingPolicyConfiguration", Match.objectLike(Map.of("AdjustmentType", "ExactCapacity")))));
        // The alarms that drive the steps read the jobs queue's waiting and running messages.
        String alarms = String.valueOf(dev.findResources("AWS::CloudWatch::Alarm"));
        assertThat(alarms).contains("waiting + running", "ApproximateNumberOfMessagesNotVisible");
    }

    @Test
    void gpuInstancesStartFromALaunchTemplateNotALaunchConfiguration() {
        for (Template template : List.of(dev, prod)) {
            // Accounts created since 1 October 2024 cannot create launch configurations (cfn-lint W3697).
            template.resourceCountIs("AWS::AutoScaling::LaunchConfiguration", 0);
            template.resourceCountIs("AWS::EC2::LaunchTemplate", 1);
            template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
                    "LaunchTemplate", Match.objectLike(Map.of("LaunchTemplateId", Match.anyValue())))));
            template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of(
                    "LaunchTemplateData", Match.objectLike(Map.of(
                            "IamInstanceProfile", Match.anyValue(),
                            "MetadataOptions", Match.objectLike(Map.of("HttpTokens", "required")),
                            "NetworkInterfaces", List.of(Match.objectLike(Map.of("AssociatePublicIpAddress", true))))))));
            Map<String, Object> data = launchTemplateData(template);
            // The ECS agent joins the cluster from the user data; the AMI is ECS's GPU-optimized one.
            assertThat(String.valueOf(data.get("UserData"))).contains("ECS_CLUSTER=");
            assertThat(String.valueOf(template.toJSON().get("Parameters")))
                    .contains("/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id");
        }
        assertThat(String.valueOf(launchTemplateData(dev).get("InstanceType"))).isEqualTo("g5.xlarge");
    }

    @Test
    void productionWorkersMayRunOnSpot() {
        Map<String, Object> data = launchTemplateData(prod);
        assertThat(data.get("InstanceType")).isEqualTo("g6.xlarge");
        assertThat(data.get("InstanceMarketOptions")).isEqualTo(Map.of("MarketType", "spot",
                "SpotOptions", Map.of("MaxPrice", "0.5", "SpotInstanceType", "one-time")));
        assertThat(launchTemplateData(dev)).doesNotContainKey("InstanceMarketOptions");
    }

    @Test
    void theGpuWorkerReachesOnlyItsJobsTheQueueAndTheBucketNotAccountsLedgerOrReviews() {
        Map<String, Object> task = properties(dev.findResources("AWS::ECS::TaskDefinition").values().iterator().next());
        String roleId = referencedId(task.get("TaskRoleArn"));
        List<Map<String, Object>> statements = statementsOfRole(roleId);
        Set<String> reached = new HashSet<>();
        for (Map<String, Object> statement : statements) {
            reached.addAll(referencedIds(statement.get("Resource")));
        }
        assertThat(reached).as("the task role's resources")
                .noneMatch(id -> id.startsWith("AccountsTable") || id.startsWith("LedgerTable") || id.startsWith("ReviewsTable"))
                .anyMatch(id -> id.startsWith("JobsTable"))
                .anyMatch(id -> id.startsWith("JobsQueue"))
                .anyMatch(id -> id.startsWith("Images"));
        assertThat(statements.stream().flatMap(statement -> asList(statement.get("Action")).stream()).map(Object::toString))
                .contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "dynamodb:UpdateItem", "s3:PutObject")
                .doesNotContain("sqs:SendMessage");
    }

    @Test
    void theStalledJobReconcilerRunsEveryMinuteWithTheJobsCreditsAndQueueOnly() {
        dev.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "atelier-dev-stalled-jobs",
                "ScheduleExpression", "rate(1 minute)",
                "State", "ENABLED")));
        dev.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "atelier-dev-stalled-jobs",
                "Handler", "com.atelier.functions.jobs.StalledJobsHandler::handleRequest")));
        assertThat(tablesReachedBy("stalled-jobs")).containsExactlyInAnyOrder("JobsTable", "AccountsTable", "LedgerTable");
        assertThat(actionsOf("stalled-jobs")).contains("sqs:SendMessage").noneMatch(action -> action.startsWith("s3:"));
    }

    @Test
    void jobOutcomesSettleCreditsFromTheJobsStreamAndSendWhatFailsToAQueue() {
        dev.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "atelier-dev-job-outcomes",
                "Handler", "com.atelier.functions.jobs.JobOutcomesHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"))));
        String failuresId = dev.findResources("AWS::SQS::Queue").entrySet().stream()
                .filter(entry -> "atelier-dev-job-outcomes-failures".equals(properties(entry.getValue()).get("QueueName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        String jobsTableId = dev.findResources("AWS::DynamoDB::Table").entrySet().stream()
                .filter(entry -> DEV.jobs().name().equals(properties(entry.getValue()).get("TableName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        dev.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(jobsTableId, "StreamArn")),
                "FunctionName", Match.objectLike(Map.of("Fn::Join", Match.anyValue())),
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", 10,
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(failuresId, "Arn")))))));
        assertThat(tablesReachedBy("job-outcomes")).containsExactlyInAnyOrder("JobsTable", "AccountsTable", "LedgerTable",
                "ReviewsTable");
        // The ledger is written, never read; a review is opened once (read first) and counts toward a repeat flag (Query).
        assertThat(actionsOn("job-outcomes", "LedgerTable")).contains("dynamodb:PutItem")
                .doesNotContain("dynamodb:GetItem", "dynamodb:Query");
        assertThat(actionsOn("job-outcomes", "ReviewsTable")).contains("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query");
        assertThat(actionsOn("job-outcomes", "AccountsTable")).contains("dynamodb:GetItem", "dynamodb:UpdateItem");
    }

    @Test
    void onlyTheFaceCheckingFunctionsCarryOpenCvsNatives() {
        Map<String, Object> codeByFunction = new java.util.HashMap<>();
        for (Map<String, Object> function : dev.findResources("AWS::Lambda::Function").values()) {
            Object name = properties(function).get("FunctionName");
            if (name != null && name.toString().startsWith("atelier-dev-")) {
                codeByFunction.put(name.toString().substring("atelier-dev-".length()),
                        ((Map<?, ?>) properties(function).get("Code")).get("S3Key"));
            }
        }
        Object faces = codeByFunction.get(ApiFunction.IMAGES.shortName());
        Object lean = codeByFunction.get(ApiFunction.CREDITS.shortName());
        assertThat(faces).isNotEqualTo(lean);
        codeByFunction.forEach((name, code) -> assertThat(code).as(name)
                .isEqualTo(AtelierStack.CHECK_FACES.stream().anyMatch(f -> f.shortName().equals(name)) ? faces : lean));
        assertThat(AtelierStack.CHECK_FACES).containsExactlyInAnyOrder(ApiFunction.IMAGES, ApiFunction.JOBS);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> launchTemplateData(Template template) {
        Map<String, Map<String, Object>> templates = template.findResources("AWS::EC2::LaunchTemplate");
        return (Map<String, Object>) properties(templates.values().iterator().next()).get("LaunchTemplateData");
    }

    /** The actions a function's role may take on resources whose logical id starts with {@code idPrefix}. */
    private static Set<String> actionsOn(String shortName, String idPrefix) {
        Set<String> actions = new java.util.TreeSet<>();
        for (Map<String, Object> statement : statementsOf(shortName)) {
            if (referencedIds(statement.get("Resource")).stream().anyMatch(id -> id.startsWith(idPrefix))) {
                asList(statement.get("Action")).forEach(action -> actions.add(action.toString()));
            }
        }
        return actions;
    }

    /** Every logical id a value refers to through {@code Ref} or {@code Fn::GetAtt}, at any depth. */
    private static Set<String> referencedIds(Object value) {
        Set<String> ids = new HashSet<>();
        if (value instanceof Map<?, ?> map) {
            if (map.get("Ref") instanceof String id) {
                ids.add(id);
            }
            if (map.get("Fn::GetAtt") instanceof List<?> attribute) {
                ids.add(attribute.get(0).toString());
            }
            map.values().forEach(nested -> ids.addAll(referencedIds(nested)));
        } else if (value instanceof List<?> list) {
            list.forEach(nested -> ids.addAll(referencedIds(nested)));
        }
        return ids;
    }

    /** The construct ids (logical ids without CDK's hash) of the tables a function's role may touch. */
    private static Set<String> tablesReachedBy(String shortName) {
        Set<String> tables = new HashSet<>();
        for (Map<String, Object> statement : statementsOf(shortName)) {
            for (Object resource : asList(statement.get("Resource"))) {
                String id = referencedId(resource);
                if (id != null && dev.findResources("AWS::DynamoDB::Table").containsKey(id)) {
                    tables.add(id.replaceAll("[0-9A-F]{8}$", ""));
                }
            }
        }
        return tables;
    }

    private static List<String> actionsOf(String shortName) {
        return statementsOf(shortName).stream().flatMap(statement -> asList(statement.get("Action")).stream())
                .map(Object::toString).toList();
    }

    /** The statements of the inline policy attached to the role of function atelier-dev-{shortName}. */
    private static List<Map<String, Object>> statementsOf(String shortName) {
        String functionId = dev.findResources("AWS::Lambda::Function").entrySet().stream()
                .filter(entry -> ("atelier-dev-" + shortName).equals(properties(entry.getValue()).get("FunctionName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        String roleId = referencedId(properties(dev.findResources("AWS::Lambda::Function").get(functionId)).get("Role"));
        return statementsOfRole(roleId);
    }

    /** The statements of the inline policies attached to a role of the dev template. */
    private static List<Map<String, Object>> statementsOfRole(String roleId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : dev.findResources("AWS::IAM::Policy").values()) {
            List<?> roles = (List<?>) properties(policy).get("Roles");
            if (roles.stream().anyMatch(role -> roleId.equals(referencedId(role)))) {
                statements.addAll(statements(policy));
            }
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        Map<String, Object> document = (Map<String, Object>) properties(policy).get("PolicyDocument");
        return (List<Map<String, Object>>) document.get("Statement");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static List<?> asList(Object value) {
        return value instanceof List<?> list ? list : List.of(value);
    }

    /**
     * The logical id a value points at: {@code {Ref: X}}, {@code {Fn::GetAtt: [X, …]}}, a
     * {@code Fn::Join} that contains one of those (an integration target), else null.
     */
    @SuppressWarnings("unchecked")
    private static String referencedId(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Ref")) {
                return (String) map.get("Ref");
            }
            if (map.containsKey("Fn::GetAtt")) {
                return (String) ((List<Object>) map.get("Fn::GetAtt")).get(0);
            }
            if (map.containsKey("Fn::Join")) {
                for (Object part : (List<Object>) ((List<Object>) map.get("Fn::Join")).get(1)) {
                    String id = referencedId(part);
                    if (id != null) {
                        return id;
                    }
                }
            }
        }
        return null;
    }
}
