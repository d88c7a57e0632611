package com.atelier.infra;

import com.atelier.resources.BucketDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.LaunchTemplateSpotOptions;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SpotRequestType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AmiHardwareType;
import software.amazon.awscdk.services.ecs.AsgCapacityProvider;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.EcsOptimizedImage;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The GPU worker on AWS: an ECS service on an Auto Scaling group of GPU instances (g5.xlarge by
 * default, On-Demand or Spot), through a capacity provider with managed scaling, so that instances
 * follow the tasks. The task count follows the jobs queue: none when it is empty, more as jobs wait
 * or run. The VPC has public subnets only (no NAT gateway to pay for while idle); the instances reach
 * SQS, DynamoDB and S3 over their public endpoints.
 */
final class GpuWorkerService extends Construct {

    GpuWorkerService(Construct scope, String id, StageSettings settings, Path repositoryRoot, Queue jobs,
                     Table jobsTable, Bucket images, BucketDefinition bucket) {
        super(scope, id);
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build()))
                .build();
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc)
                .clusterName("atelier-" + settings.stage() + "-workers").build();
        // A launch template, not a launch configuration: accounts created since 1 October 2024 cannot
        // create launch configurations. The role and user data must be the template's own so that the
        // cluster can add the ECS agent's rights and its join (ECS_CLUSTER=…) to them.
        LaunchTemplate.Builder template = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .instanceType(new InstanceType(settings.gpuInstanceType()))
                .machineImage(EcsOptimizedImage.amazonLinux2(AmiHardwareType.GPU))
                .role(Role.Builder.create(this, "InstanceRole")
                        .assumedBy(new ServicePrincipal("ec2.amazonaws.com")).build())
                .userData(UserData.forLinux())
                .securityGroup(SecurityGroup.Builder.create(this, "InstanceSecurity").vpc(vpc)
                        .description("GPU workers: outbound only (SQS, DynamoDB, S3, ECR over public endpoints)")
                        .allowAllOutbound(true).build())
                .associatePublicIpAddress(true)
                // IMDSv2 only; a second hop lets the worker's container (host networking) reach it too.
                .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
                .httpPutResponseHopLimit(2);
        if (settings.gpuSpotMaxPrice() != null) {
            template.spotOptions(LaunchTemplateSpotOptions.builder()
                    .maxPrice(Double.parseDouble(settings.gpuSpotMaxPrice()))
                    .requestType(SpotRequestType.ONE_TIME)
                    .build());
        }
        AutoScalingGroup instances = AutoScalingGroup.Builder.create(this, "Instances")
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .launchTemplate(template.build())
                .minCapacity(0)
                .maxCapacity(settings.maxWorkers())
                .build();
        AsgCapacityProvider capacity = AsgCapacityProvider.Builder.create(this, "Capacity")
                .autoScalingGroup(instances)
                .enableManagedScaling(true)
                .targetCapacityPercent(100)
                .enableManagedTerminationProtection(false)
                .build();
        cluster.addAsgCapacityProvider(capacity);

        Ec2TaskDefinition task = Ec2TaskDefinition.Builder.create(this, "Task").networkMode(NetworkMode.HOST).build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/atelier/" + settings.stage() + "/worker")
                .retention(settings.logRetention())
                .removalPolicy(settings.production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        task.addContainer("worker", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromAsset(repositoryRoot.toString(), AssetImageProps.builder()
                        .file("gpu-worker/Dockerfile")
                        .ignoreMode(IgnoreMode.DOCKER)
                        .build()))
                .gpuCount(1)
                .memoryReservationMiB(12 * 1024)
                .environment(Map.of(
                        "ATELIER_STAGE", settings.stage(),
                        "ATELIER_IMAGES_BUCKET", images.getBucketName(),
                        "ATELIER_WORKER_CUDA", "on"))
                // The worker finishes or releases its jobs within its 90 s grace (Dockerfile) after SIGTERM.
                .stopTimeout(Duration.seconds(120))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD-SHELL", "test $(( $(date +%s) - $(stat -c %Y /tmp/atelier-worker-heartbeat) )) -lt 120"))
                        .interval(Duration.seconds(60))
                        .startPeriod(Duration.seconds(120))
                        .build())
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("worker").build()))
                .build());
        grantWhatTheWorkerUses(task, jobs, jobsTable, images, bucket);

        Ec2Service service = Ec2Service.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(0)
                .minHealthyPercent(0)
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider(capacity.getCapacityProviderName()).weight(1).build()))
                .build();
        scaleOnJobs(service, jobs, settings.maxWorkers(), settings.jobsPerWorker());
    }

    /**
     * Waiting plus running jobs set the task count, one task per {@code jobsPerWorker} of them up to
     * the maximum, and none only when nothing waits or runs, so that a scale-in does not interrupt a
     * job that would then wait for a new instance.
     */
    private static void scaleOnJobs(Ec2Service service, Queue jobs, int maxWorkers, int jobsPerWorker) {
        MetricOptions oneMinute = MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build();
        MathExpression jobsWaitingOrRunning = MathExpression.Builder.create()
                .expression("waiting + running")
                .usingMetrics(Map.of(
                        "waiting", jobs.metricApproximateNumberOfMessagesVisible(oneMinute),
                        "running", jobs.metricApproximateNumberOfMessagesNotVisible(oneMinute)))
                .label("jobs waiting or running")
                .period(Duration.minutes(1))
                .build();
        List<ScalingInterval> steps = new ArrayList<>();
        steps.add(ScalingInterval.builder().upper(1).change(0).build());
        for (int workers = 1; workers <= maxWorkers; workers++) {
            ScalingInterval.Builder step = ScalingInterval.builder().lower((workers - 1) * jobsPerWorker + 1).change(workers);
            if (workers < maxWorkers) {
                step.upper(workers * jobsPerWorker + 1);
            }
            steps.add(step.build());
        }
        service.autoScaleTaskCount(EnableScalingProps.builder().minCapacity(0).maxCapacity(maxWorkers).build())
                .scaleOnMetric("JobsWaitingOrRunning", BasicStepScalingPolicyProps.builder()
                        .metric(jobsWaitingOrRunning)
                        .scalingSteps(steps)
                        .adjustmentType(AdjustmentType.EXACT_CAPACITY)
                        .cooldown(Duration.minutes(2))
                        .build());
    }

    /**
     * The worker consumes the jobs queue, writes its own job's status, progress and results, reads
     * uploads and writes results. Nothing else: credits, the ledger and reviews follow from the
     * job's outcome in the job-outcomes function (the jobs table's stream), so a compromised or
     * faulty GPU host cannot touch an account's balance.
     */
    private static void grantWhatTheWorkerUses(Ec2TaskDefinition task, Queue jobs, Table jobsTable, Bucket images,
                                               BucketDefinition bucket) {
        jobs.grantConsumeMessages(task.getTaskRole());
        jobsTable.grantReadWriteData(task.getTaskRole());
        images.grantRead(task.getTaskRole(), bucket.uploadsPrefix() + "*");
        images.grantPut(task.getTaskRole(), bucket.resultsPrefix() + "*");
    }
}
