package com.atelier.local.servers;

import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.config.AtelierConfig;
import com.atelier.local.provision.ResourceProvisioner;
import com.atelier.resources.AtelierResources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalStackExtension.class)
class SqsDeadLetterIT {

    @Test
    void theJobsQueueIsCreatedWithItsDefinedRedrivePolicy(LocalStack stack) throws Exception {
        SqsClient sqs = stack.clients().sqs();
        String url = sqs.getQueueUrl(request -> request.queueName(stack.resources().jobsQueue().name())).queueUrl();

        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();

        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("120");
        JsonNode redrivePolicy = new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrivePolicy.get("deadLetterTargetArn").asText()).endsWith(":" + stack.resources().jobsDeadLetterQueue().name());
        // SQS answers the count as a string, ElasticMQ as a number; both mean the same.
        assertThat(redrivePolicy.get("maxReceiveCount").asInt()).isEqualTo(AtelierResources.JOBS_MAX_RECEIVE_COUNT);
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueue(LocalStack stack) {
        SqsClient sqs = stack.clients().sqs();
        // The jobs queue pair of a stage of its own, so that no other test's messages share it.
        AtelierResources isolated = AtelierResources.of(AtelierConfig.from(Map.of("ATELIER_STAGE", "redrive-test")));
        ResourceProvisioner provisioner = new ResourceProvisioner(stack.clients());
        isolated.queues().forEach(provisioner::provisionQueue);
        String jobsUrl = sqs.getQueueUrl(request -> request.queueName(isolated.jobsQueue().name())).queueUrl();
        String deadLetterUrl = sqs.getQueueUrl(request -> request.queueName(isolated.jobsDeadLetterQueue().name())).queueUrl();
        String body = "{\"jobId\":\"" + UUID.randomUUID() + "\"}";
        sqs.sendMessage(request -> request.queueUrl(jobsUrl).messageBody(body));

        int receives = 0;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            // A zero visibility timeout gives the message back at once, as a crashed worker would after its timeout.
            List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(jobsUrl)
                    .visibilityTimeout(0).waitTimeSeconds(1).maxNumberOfMessages(10)).messages();
            long ours = messages.stream().filter(message -> message.body().equals(body)).count();
            if (ours == 0 && receives > 0) {
                break;
            }
            receives += (int) ours;
        }

        assertThat(receives).isEqualTo(AtelierResources.JOBS_MAX_RECEIVE_COUNT);
        List<Message> deadLetters = sqs.receiveMessage(request -> request.queueUrl(deadLetterUrl)
                .waitTimeSeconds(5).maxNumberOfMessages(10)).messages();
        assertThat(deadLetters).extracting(Message::body).contains(body);
    }
}
