package com.atelier.tests.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The matcher behind {@link LeastPrivilegeCheck}, on a template shaped as CDK synthesizes grants. */
class IdentityPoliciesTest {

    private static final String TEMPLATE = """
            {"Resources": {
              "JobsTable1A2B3C4D": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "atelier-prod-jobs"}},
              "AccountsTable5E6F7A8B": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "atelier-prod-accounts"}},
              "JobsQueue9C0D1E2F": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "atelier-prod-jobs"}},
              "Images9BF4DCD5": {"Type": "AWS::S3::Bucket", "Properties": {}},
              "CreditsFunctionServiceRole0A1B2C3D": {"Type": "AWS::IAM::Role", "Properties": {}},
              "CreditsFunction4E5F6A7B": {"Type": "AWS::Lambda::Function", "Properties": {
                "FunctionName": "atelier-prod-credits",
                "Role": {"Fn::GetAtt": ["CreditsFunctionServiceRole0A1B2C3D", "Arn"]}}},
              "CreditsFunctionServiceRoleDefaultPolicy8C9D0E1F": {"Type": "AWS::IAM::Policy", "Properties": {
                "Roles": [{"Ref": "CreditsFunctionServiceRole0A1B2C3D"}],
                "PolicyDocument": {"Statement": [
                  {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": [
                    {"Fn::GetAtt": ["AccountsTable5E6F7A8B", "Arn"]},
                    {"Fn::Join": ["", [{"Fn::GetAtt": ["AccountsTable5E6F7A8B", "Arn"]}, "/index/*"]]},
                    {"Ref": "AWS::NoValue"}]},
                  {"Effect": "Allow", "Action": "s3:GetObject*", "Resource":
                    {"Fn::Join": ["", [{"Fn::GetAtt": ["Images9BF4DCD5", "Arn"]}, "/results/*"]]}},
                  {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["JobsQueue9C0D1E2F", "Arn"]}},
                  {"Effect": "Deny", "Action": "s3:GetObject", "Resource":
                    {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", {"Ref": "Images9BF4DCD5"}, "/results/secret/*"]]}}
                ]}}},
              "GpuWorkerTaskRoleA1B2C3D4": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument":
                {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}}]}},
              "GpuWorkerTaskE5F6A7B8": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
                "TaskRoleArn": {"Fn::GetAtt": ["GpuWorkerTaskRoleA1B2C3D4", "Arn"]}}}
            }}
            """;

    private final IdentityPolicies policies = new IdentityPolicies(parse(TEMPLATE), "atelier-prod-");
    private final IdentityPolicies.Role credits = policies.roleOf("credits").orElseThrow();

    @Test
    void aGrantedActionOnTheGrantedTableIsAllowed() {
        assertThat(IdentityPolicies.allows(credits, "dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/accounts")).isTrue();
    }

    @Test
    void theSameActionOnATableThatWasNotGrantedIsDenied() {
        assertThat(IdentityPolicies.allows(credits, "dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/jobs")).isFalse();
    }

    @Test
    void anActionThatWasNotGrantedIsDeniedOnAGrantedTable() {
        assertThat(IdentityPolicies.allows(credits, "dynamodb:PutItem", "arn:aws:dynamodb:*:*:table/accounts")).isFalse();
    }

    @Test
    void aQueryOnAnIndexNeedsTheIndexArnAndTheTablesArnIsNotEnough() {
        assertThat(IdentityPolicies.allows(credits, "dynamodb:Query", "arn:aws:dynamodb:*:*:table/accounts/index/bySubject"))
                .isTrue();
        IdentityPolicies.Role tableOnly = new IdentityPolicies.Role("r", java.util.List.of(new IdentityPolicies.Statement(
                true, java.util.List.of("dynamodb:Query"), java.util.List.of("arn:aws:dynamodb:*:*:table/accounts"))));
        assertThat(IdentityPolicies.allows(tableOnly, "dynamodb:Query", "arn:aws:dynamodb:*:*:table/accounts/index/bySubject"))
                .isFalse();
    }

    @Test
    void wildcardsInActionsAndKeyPrefixesAllowOnlyWhatTheyCover() {
        assertThat(IdentityPolicies.allows(credits, "s3:GetObject", "arn:aws:s3:::images/results/u/j/0.png")).isTrue();
        assertThat(IdentityPolicies.allows(credits, "S3:GETOBJECTVERSION", "arn:aws:s3:::images/results/u/j/0.png")).isTrue();
        assertThat(IdentityPolicies.allows(credits, "s3:GetObject", "arn:aws:s3:::images/uploads/u/0.png")).isFalse();
        assertThat(IdentityPolicies.allows(credits, "s3:GetObject", "arn:aws:s3:::images/snapstart-priming")).isFalse();
        assertThat(IdentityPolicies.allows(credits, "s3:PutObject", "arn:aws:s3:::images/results/u/j/0.png")).isFalse();
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() {
        assertThat(IdentityPolicies.allows(credits, "s3:GetObject", "arn:aws:s3:::images/results/secret/x")).isFalse();
    }

    @Test
    void queuesResolveFromTheirArn() {
        assertThat(IdentityPolicies.allows(credits, "sqs:SendMessage", "arn:aws:sqs:*:*:jobs")).isTrue();
        assertThat(IdentityPolicies.allows(credits, "sqs:GetQueueUrl", "arn:aws:sqs:*:*:jobs")).isFalse();
    }

    @Test
    void theWorkerIsCheckedAgainstItsTaskRoleAndAnUnknownFunctionHasNoRole() {
        IdentityPolicies.Role worker = policies.roleOf("gpu-worker").orElseThrow();
        assertThat(worker.logicalId()).isEqualTo("GpuWorkerTaskRoleA1B2C3D4");
        assertThat(IdentityPolicies.allows(worker, "sqs:ReceiveMessage", "arn:aws:sqs:*:*:jobs")).isTrue();
        assertThat(policies.roleOf("job-outcomes")).isEmpty();
    }

    private static Map<String, Object> parse(String json) {
        try {
            return new ObjectMapper().readValue(json, new TypeReference<>() { });
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
