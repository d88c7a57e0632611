package com.atelier.infra;

import com.atelier.api.ApiFunction;
import com.atelier.api.ApiRoutes;
import com.atelier.api.FunctionDefinition;
import com.atelier.api.Route;
import com.atelier.config.AtelierConfig;
import com.atelier.config.CorsSettings;
import com.atelier.config.OidcSignIn;
import com.atelier.events.Event;
import com.atelier.resources.AtelierResources;
import com.atelier.resources.BucketDefinition;
import com.atelier.resources.GlobalIndex;
import com.atelier.resources.KeyAttribute;
import com.atelier.resources.QueueDefinition;
import com.atelier.resources.TableDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.BaseArchiveProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One stage of Atelier on AWS: the tables, queues and bucket of {@link AtelierResources}, one Lambda
 * function per {@link ApiFunction} behind an HTTP API whose routes are {@link ApiRoutes#ALL}, the
 * dead-letter function that fails and refunds jobs, the job-outcomes function that settles finished
 * jobs' credits from the jobs table's stream, the event bus fed from the tables' streams, the GPU
 * worker's ECS service, the alarms and the cost dashboard. The same definitions create the
 * local stack, so names, keys, indexes and routes cannot drift apart.
 *
 * <p>Each function is granted only the tables, queue and bucket prefixes its handler's code paths use
 * (the table in {@link FunctionAccess}); SnapStart applies to published versions, so the API and the
 * event sources call the alias {@code live}, which follows the current version.
 */
public final class AtelierStack extends Stack {

    /** A function fed by a queue or a stream rather than the API. */
    private record QueueFunction(String shortName, String handlerClassName, java.time.Duration timeout,
                                 int memoryMegabytes) implements FunctionDefinition {
    }

    /** Six times its timeout is the dead-letter queue's visibility (AtelierResources), as AWS advises. */
    static final FunctionDefinition DEAD_LETTER_FUNCTION = new QueueFunction("dead-letters",
            "com.atelier.functions.jobs.DeadLetterHandler", java.time.Duration.ofSeconds(30), 1024);

    /** Puts the jobs' and ledger's changes on the event bus; small work, so little memory. */
    static final FunctionDefinition CHANGE_EVENTS_FUNCTION = new QueueFunction("change-events",
            "com.atelier.functions.events.ChangeEventsHandler", java.time.Duration.ofSeconds(30), 512);

    /** Turns the tables' changes into webhook deliveries, one per event and endpoint that wants it. */
    static final FunctionDefinition WEBHOOK_FAN_OUT_FUNCTION = new QueueFunction("webhook-fanout",
            "com.atelier.functions.webhooks.WebhookFanOutHandler", java.time.Duration.ofSeconds(30), 512);

    /** One signed attempt per deliveries-queue message; five receivers at their 10 s timeout fit its 60 s. */
    static final FunctionDefinition WEBHOOK_DISPATCHER_FUNCTION = new QueueFunction("webhook-dispatcher",
            "com.atelier.functions.webhooks.WebhookDispatchHandler", java.time.Duration.ofSeconds(60), 512);

    /**
     * Settles a finished job's credits or refunds them, and records flagged images, from the jobs
     * table's stream: the GPU worker only writes its own job, and this turns the outcome into money.
     */
    static final FunctionDefinition JOB_OUTCOMES_FUNCTION = new QueueFunction("job-outcomes",
            "com.atelier.functions.jobs.JobOutcomesHandler", java.time.Duration.ofSeconds(30), 1024);

    /** Counts each finished job into the usage counters, from the jobs table's stream. */
    static final FunctionDefinition USAGE_COUNTING_FUNCTION = new QueueFunction("usage-counting",
            "com.atelier.functions.usage.UsageCountingHandler", java.time.Duration.ofSeconds(30), 512);

    /** Every minute, finishes admissions a crash interrupted (paid jobs sent again, unpaid ones cancelled). */
    static final FunctionDefinition STALLED_JOBS_FUNCTION = new QueueFunction("stalled-jobs",
            "com.atelier.functions.jobs.StalledJobsHandler", java.time.Duration.ofSeconds(50), 1024);

    /**
     * The functions whose requests check uploaded images for faces (edits, variations, uploads), and
     * so load OpenCV: they get the faces package, every other function the lean one.
     */
    static final Set<ApiFunction> CHECK_FACES = Set.copyOf(EnumSet.of(ApiFunction.IMAGES, ApiFunction.JOBS));

    private final StageSettings settings;
    private final AtelierResources resources;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Bucket images;
    private final Map<String, String> functionEnvironment;
    private final Code leanCode;
    private final Map<ApiFunction, Alias> functions = new EnumMap<>(ApiFunction.class);
    private final FunctionAccess access;
    private final Alias deadLetterFunction;
    private final HttpApi api;
    private final Queue jobOutcomesFailures;

    public AtelierStack(Construct scope, String id, StackProps props, StageSettings settings, LambdaPackages packages,
                        Path repositoryRoot) {
        super(scope, id, props);
        this.settings = settings;
        this.resources = AtelierResources.of(AtelierConfig.from(Map.of("ATELIER_STAGE", settings.stage())));
        resources.tables().forEach(this::table);
        resources.queues().forEach(this::queue);
        images = bucket(resources.images());

        functionEnvironment = new LinkedHashMap<>(Map.of(
                AtelierConfig.STAGE_VARIABLE, settings.stage(),
                AtelierConfig.IMAGES_BUCKET_VARIABLE, images.getBucketName()));
        api = HttpApi.Builder.create(this, "Api").apiName("atelier-" + settings.stage()).createDefaultStage(false).build();
        Optional<UserPool> users = settings.cognitoSignIn() ? Optional.of(userPool()) : Optional.empty();
        Optional<UserPoolDomain> signInDomain = users.map(this::hostedSignIn);
        WebHosting web = new WebHosting(this, "Web", settings, webSite(repositoryRoot),
                new WebHosting.Callees(api.getApiEndpoint(), signInDomain.map(UserPoolDomain::baseUrl)));
        List<String> webOrigins = new ArrayList<>(List.of(web.url()));
        webOrigins.addAll(settings.corsOrigins());
        allowBrowsers(webOrigins);
        users.ifPresent(pool -> signInWithCognito(pool, signInDomain.orElseThrow(), web.url()));
        leanCode = Code.fromAsset(packages.lean().toString());
        Code faceCheckingCode = Code.fromAsset(packages.faces().toString());
        EventBus bus = EventBus.Builder.create(this, "Events").eventBusName("atelier-" + settings.stage() + "-events").build();
        access = new FunctionAccess(resources, tables, queues.get(resources.jobsQueue().name()),
                queues.get(resources.webhookDeliveriesQueue().name()), images, bus);
        for (ApiFunction function : ApiFunction.values()) {
            Alias alias = function(function, CHECK_FACES.contains(function) ? faceCheckingCode : leanCode);
            functions.put(function, alias);
        }
        deadLetterFunction = function(DEAD_LETTER_FUNCTION, leanCode);
        deadLetterFunction.addEventSource(SqsEventSource.Builder.create(queues.get(resources.jobsDeadLetterQueue().name()))
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build());

        changeEvents(bus);
        webhooks();
        jobOutcomesFailures = jobOutcomes();
        usageCounting();
        stalledJobs();
        routes();
        alarms();
        CostDashboard.create(this, settings, queues.get(resources.jobsQueue().name()),
                queues.get(resources.jobsDeadLetterQueue().name()));
        new GpuWorkerService(this, "GpuWorker", settings, repositoryRoot, queues.get(resources.jobsQueue().name()),
                tables.get(resources.jobs().name()), images, resources.images());
    }

    private void table(TableDefinition definition) {
        Table table = Table.Builder.create(this, logicalId(unprefixed(definition.name())) + "Table")
                .tableName(definition.name())
                .partitionKey(attribute(definition.partitionKey()))
                .sortKey(definition.sortKey().map(AtelierStack::attribute).orElse(null))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .timeToLiveAttribute(definition.timeToLiveAttribute().orElse(null))
                // The change-events function reads these tables' changes, job-outcomes the jobs'.
                .stream(eventSourceTables().contains(definition) ? StreamViewType.NEW_AND_OLD_IMAGES : null)
                .deletionProtection(settings.production())
                .removalPolicy(settings.production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        for (GlobalIndex index : definition.globalIndexes()) {
            table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .sortKey(index.sortKey().map(AtelierStack::attribute).orElse(null))
                    .projectionType(ProjectionType.ALL)
                    .build());
        }
        tables.put(definition.name(), table);
    }

    private static Attribute attribute(KeyAttribute key) {
        return Attribute.builder().name(key.name()).type(switch (key.type()) {
            case STRING -> AttributeType.STRING;
            case NUMBER -> AttributeType.NUMBER;
            case BINARY -> AttributeType.BINARY;
        }).build();
    }

    private void queue(QueueDefinition definition) {
        Queue.Builder builder = Queue.Builder.create(this, logicalId(unprefixed(definition.name())) + "Queue")
                .queueName(definition.name())
                .visibilityTimeout(Duration.seconds(definition.visibilityTimeout().toSeconds()))
                .retentionPeriod(Duration.seconds(definition.messageRetention().toSeconds()))
                .receiveMessageWaitTime(Duration.seconds(definition.receiveWait().toSeconds()))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true);
        definition.deadLetter().ifPresent(target -> builder.deadLetterQueue(DeadLetterQueue.builder()
                .queue(queues.get(target.queueName()))
                .maxReceiveCount(target.maxReceiveCount())
                .build()));
        queues.put(definition.name(), builder.build());
    }

    /** Private, encrypted, TLS only; results and uploads expire; browsers' presigned GETs and PUTs: {@link #allowBrowsers}. */
    private Bucket bucket(BucketDefinition definition) {
        return Bucket.Builder.create(this, "Images")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("expire-results").prefix(definition.resultsPrefix())
                                .expiration(Duration.days(settings.resultsExpiryDays())).build(),
                        LifecycleRule.builder().id("expire-uploads").prefix(definition.uploadsPrefix())
                                .expiration(Duration.days(settings.uploadsExpiryDays())).build(),
                        LifecycleRule.builder().id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build()))
                .removalPolicy(settings.production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
    }

    /**
     * The bus integrations subscribe to: the event catalogue's types (docs/events.md; source
     * {@code atelier}, the type as detail-type), put there from the jobs, ledger, reviews and accounts
     * tables' streams, at least once and in each
     * item's order; an archive keeps them for replay.
     */
    private void changeEvents(EventBus bus) {
        bus.archive("EventsArchive", BaseArchiveProps.builder()
                .eventPattern(EventPattern.builder().source(List.of(Event.SOURCE)).build())
                .retention(Duration.days(settings.production() ? 365 : 30))
                .build());
        Alias function = function(CHANGE_EVENTS_FUNCTION, leanCode,
                Map.of(AtelierConfig.EVENT_BUS_VARIABLE, bus.getEventBusName()));
        for (TableDefinition streamed : eventSourceTables()) {
            function.addEventSource(DynamoEventSource.Builder.create(tables.get(streamed.name()))
                    .startingPosition(StartingPosition.LATEST)
                    .batchSize(100)
                    .reportBatchItemFailures(true)
                    .retryAttempts(10)
                    .maxRecordAge(Duration.days(1))
                    .build());
        }
        CfnOutput.Builder.create(this, "EventBus").value(bus.getEventBusName()).build();
    }

    /**
     * Webhooks: the fan-out function reads the same streams as change-events and queues one delivery
     * per event and endpoint; the dispatcher makes each attempt from the deliveries queue, a few per
     * batch so that a batch of receivers at their 10 s timeout ends within its own 60 s.
     */
    private void webhooks() {
        Alias fanOut = function(WEBHOOK_FAN_OUT_FUNCTION, leanCode);
        for (TableDefinition streamed : eventSourceTables()) {
            fanOut.addEventSource(DynamoEventSource.Builder.create(tables.get(streamed.name()))
                    .startingPosition(StartingPosition.LATEST)
                    .batchSize(100)
                    .reportBatchItemFailures(true)
                    .retryAttempts(10)
                    .maxRecordAge(Duration.days(1))
                    .build());
        }
        Alias dispatcher = function(WEBHOOK_DISPATCHER_FUNCTION, leanCode);
        dispatcher.addEventSource(SqsEventSource.Builder.create(queues.get(resources.webhookDeliveriesQueue().name()))
                .batchSize(5)
                .reportBatchItemFailures(true)
                .build());
    }

    /** The tables whose changes are events (docs/events.md). */
    private List<TableDefinition> eventSourceTables() {
        return List.of(resources.jobs(), resources.ledger(), resources.reviews(), resources.accounts());
    }

    /**
     * A job that ends (succeeded, failed, rejected, cancelled) settles or refunds its credits and
     * records its flagged images, from the jobs table's stream: from the oldest record kept, so a new
     * deployment misses none; a failing batch is halved to find the record that fails, which after
     * its retries goes to a queue for an operator, and the batch goes on past it.
     */
    private Queue jobOutcomes() {
        Queue failures = Queue.Builder.create(this, "JobOutcomesFailuresQueue")
                .queueName("atelier-" + settings.stage() + "-job-outcomes-failures")
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
        Alias function = function(JOB_OUTCOMES_FUNCTION, leanCode);
        function.addEventSource(DynamoEventSource.Builder.create(tables.get(resources.jobs().name()))
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(10)
                .bisectBatchOnError(true)
                .retryAttempts(10)
                .reportBatchItemFailures(true)
                .onFailure(new SqsDlq(failures))
                .build());
        return failures;
    }

    /**
     * A second mapping of the jobs table's stream: each finished job is counted into the usage
     * counters, from the oldest record kept; a replayed record counts once (the counters keep the
     * event ids they counted), so retries and bisection are harmless.
     */
    private void usageCounting() {
        Alias function = function(USAGE_COUNTING_FUNCTION, leanCode);
        function.addEventSource(DynamoEventSource.Builder.create(tables.get(resources.jobs().name()))
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                .bisectBatchOnError(true)
                .retryAttempts(10)
                .reportBatchItemFailures(true)
                .maxRecordAge(Duration.days(1))
                .build());
    }

    private void stalledJobs() {
        Alias function = function(STALLED_JOBS_FUNCTION, leanCode);
        // One pass at a time: two would race to send the same job again (harmless, but twice the work).
        Rule.Builder.create(this, "StalledJobsSchedule")
                .ruleName("atelier-" + settings.stage() + "-stalled-jobs")
                .schedule(Schedule.rate(Duration.minutes(1)))
                .targets(List.of(LambdaFunction.Builder.create(function).retryAttempts(0).build()))
                .build();
    }

    private Alias function(FunctionDefinition definition, Code code) {
        return function(definition, code, Map.of());
    }

    /** Java 21 on arm64 (Graviton: about a fifth cheaper per GB-second), SnapStart on published versions. */
    private Alias function(FunctionDefinition definition, Code code, Map<String, String> extraEnvironment) {
        String name = "atelier-" + settings.stage() + "-" + definition.shortName();
        String id = logicalId(definition.shortName());
        Function function = Function.Builder.create(this, id + "Function")
                .functionName(name)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(definition.handlerClassName() + "::handleRequest")
                .code(code)
                .memorySize(definition.memoryMegabytes())
                .timeout(Duration.seconds(definition.timeout().toSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(withExtra(functionEnvironment, extraEnvironment))
                .logGroup(LogGroup.Builder.create(this, id + "Logs")
                        .logGroupName("/aws/lambda/" + name)
                        .retention(settings.logRetention())
                        .removalPolicy(settings.production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                        .build())
                .build();
        Alias alias = Alias.Builder.create(this, id + "Live").aliasName("live").version(function.getCurrentVersion()).build();
        // Every function gets exactly its row of the access table, so none is left without its grants.
        access.grant(definition, alias);
        return alias;
    }

    private static Map<String, String> withExtra(Map<String, String> environment, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.putAll(extra);
        return all;
    }

    private UserPool userPool() {
        return UserPool.Builder.create(this, "Users")
                .userPoolName("atelier-" + settings.stage() + "-users")
                .selfSignUpEnabled(true)
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .removalPolicy(settings.production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
    }

    /** Cognito's hosted sign-in pages; the prefix carries the account, as it must be unique in the region. */
    private UserPoolDomain hostedSignIn(UserPool users) {
        return users.addDomain("SignIn", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder()
                        .domainPrefix("atelier-" + settings.stage() + "-" + getAccount()).build())
                .build());
    }

    /**
     * Sign-in with a Cognito user pool beside API keys: the web client is a public client (no
     * secret) that signs people in through the hosted pages with the authorization code and PKCE
     * and returns to the site; the functions verify its access tokens themselves (issuer, signature
     * from its JWKS, the app client), because API Gateway's JWT authorizer would turn away the API
     * keys that share the Authorization header. {@code GET /v1/auth/config} tells the web client
     * where to sign in.
     */
    private void signInWithCognito(UserPool users, UserPoolDomain domain, String webUrl) {
        UserPoolClient client = users.addClient("WebClient", UserPoolClientOptions.builder()
                .userPoolClientName("atelier-" + settings.stage() + "-web")
                .generateSecret(false)
                .authFlows(AuthFlow.builder().userSrp(true).build())
                .preventUserExistenceErrors(true)
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL))
                        .callbackUrls(List.of(webUrl + "/"))
                        .logoutUrls(List.of(webUrl + "/"))
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .build());
        String issuer = "https://cognito-idp." + getRegion() + ".amazonaws.com/" + users.getUserPoolId();
        functionEnvironment.put(AtelierConfig.OIDC_ISSUER_VARIABLE, issuer);
        functionEnvironment.put(AtelierConfig.OIDC_JWKS_URL_VARIABLE, issuer + "/.well-known/jwks.json");
        functionEnvironment.put(AtelierConfig.OIDC_AUDIENCE_VARIABLE, client.getUserPoolClientId());
        functionEnvironment.put(OidcSignIn.AUTHORIZATION_ENDPOINT_VARIABLE, domain.baseUrl() + "/oauth2/authorize");
        functionEnvironment.put(OidcSignIn.TOKEN_ENDPOINT_VARIABLE, domain.baseUrl() + "/oauth2/token");
        CfnOutput.Builder.create(this, "UserPoolId").value(users.getUserPoolId()).build();
        CfnOutput.Builder.create(this, "UserPoolClientId").value(client.getUserPoolClientId()).build();
        CfnOutput.Builder.create(this, "SignInUrl").value(domain.baseUrl()).build();
    }

    /**
     * CORS for the web client's origin and the configured extras, on the API (API Gateway answers the
     * preflights) and on the images bucket (presigned GETs and PUTs). The API's configuration is set
     * by an UpdateApi call once the distribution exists, not in the API's own resource: the site's
     * Content-Security-Policy names the API's generated domain and the API's CORS the site's, so one
     * of the two must follow the other.
     */
    private void allowBrowsers(List<String> origins) {
        images.addCorsRule(CorsRule.builder()
                .allowedMethods(resources.images().corsMethods().stream().map(HttpMethods::valueOf).toList())
                .allowedOrigins(origins)
                .allowedHeaders(List.of("content-type"))
                .maxAge(3600)
                .build());
        AwsSdkCall updateApi = AwsSdkCall.builder()
                .service("ApiGatewayV2")
                .action("UpdateApi")
                .parameters(Map.of("ApiId", api.getApiId(), "CorsConfiguration", Map.of(
                        "AllowOrigins", origins,
                        "AllowMethods", CorsSettings.ALLOWED_METHODS,
                        "AllowHeaders", CorsSettings.ALLOWED_HEADERS,
                        "ExposeHeaders", CorsSettings.EXPOSED_HEADERS,
                        "MaxAge", CorsSettings.MAX_AGE.toSeconds())))
                .physicalResourceId(PhysicalResourceId.of(api.getApiId() + "-cors"))
                .build();
        AwsCustomResource.Builder.create(this, "ApiCors")
                .resourceType("Custom::ApiCors")
                .onCreate(updateApi)
                .onUpdate(updateApi)
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("apigateway:PATCH"))
                        .resources(List.of("arn:" + getPartition() + ":apigateway:" + getRegion() + "::/apis/" + api.getApiId()))
                        .build())))
                .build();
    }

    /** Where the web client's build is, {@code web/dist} unless context {@code webDist} names another folder. */
    private Path webSite(Path repositoryRoot) {
        Object configured = getNode().tryGetContext("webDist");
        return configured == null ? repositoryRoot.resolve("web").resolve("dist") : Path.of(configured.toString());
    }

    private void routes() {
        HttpStage stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(settings.apiRateLimit())
                        .burstLimit(settings.apiBurstLimit())
                        .build())
                .build();
        Map<ApiFunction, HttpLambdaIntegration> integrations = new EnumMap<>(ApiFunction.class);
        for (Route route : ApiRoutes.ALL) {
            ApiFunction function = (ApiFunction) route.function();
            HttpLambdaIntegration integration = integrations.computeIfAbsent(function, f ->
                    new HttpLambdaIntegration(logicalId(f.shortName()) + "Integration", functions.get(f)));
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.pathTemplate())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .build());
        }
        CfnOutput.Builder.create(this, "ApiUrl").value(stage.getUrl()).description("The API's base URL").build();
        CfnOutput.Builder.create(this, "ImagesBucket").value(images.getBucketName()).build();
    }

    /**
     * DLQ not empty (jobs failed for good), server errors, a job outcome not settled, and jobs waiting
     * too long for a worker.
     */
    private void alarms() {
        Topic topic = Topic.Builder.create(this, "Alarms").topicName("atelier-" + settings.stage() + "-alarms").build();
        SnsAction notify = new SnsAction(topic);
        MetricOptions oneMinute = MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build();
        MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        List<Alarm> alarms = List.of(
                Alarm.Builder.create(this, "DeadLettersAlarm")
                        .alarmDescription("Jobs reached the dead-letter queue: they failed " + AtelierResources.JOBS_MAX_RECEIVE_COUNT
                                + " times and are being refunded.")
                        .metric(queues.get(resources.jobsDeadLetterQueue().name()).metricApproximateNumberOfMessagesVisible(oneMinute))
                        .threshold(1).evaluationPeriods(1)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build(),
                Alarm.Builder.create(this, "ApiServerErrorsAlarm")
                        .alarmDescription("The API answered 5xx at least 10 times in 5 minutes.")
                        .metric(api.metricServerError(fiveMinutes))
                        .threshold(10).evaluationPeriods(1)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build(),
                Alarm.Builder.create(this, "JobOutcomesFailuresAlarm")
                        .alarmDescription("A finished job's credits could not be settled or refunded after its retries:"
                                + " its stream record is in " + jobOutcomesFailures.getQueueName() + ".")
                        .metric(jobOutcomesFailures.metricApproximateNumberOfMessagesVisible(oneMinute))
                        .threshold(1).evaluationPeriods(1)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build(),
                Alarm.Builder.create(this, "JobAgeAlarm")
                        .alarmDescription("A job has waited over 10 minutes for a GPU worker.")
                        .metric(queues.get(resources.jobsQueue().name()).metricApproximateAgeOfOldestMessage(oneMinute))
                        .threshold(600).evaluationPeriods(5)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build());
        alarms.forEach(alarm -> alarm.addAlarmAction(notify));
    }

    private String unprefixed(String resourceName) {
        return resourceName.substring(("atelier-" + settings.stage() + "-").length());
    }

    /** {@code api-keys} → {@code ApiKeys}: CloudFormation's logical ids are alphanumeric. */
    static String logicalId(String name) {
        StringBuilder id = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
