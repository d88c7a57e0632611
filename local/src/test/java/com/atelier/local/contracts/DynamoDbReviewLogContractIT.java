package com.atelier.local.contracts;

import com.atelier.aws.review.DynamoDbReviewLog;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.review.ReviewLog;
import com.atelier.testkit.contracts.ReviewLogContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reviews table adapter against the local stack's DynamoDB server. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbReviewLogContractIT extends ReviewLogContract {

    private ReviewLog log;

    @BeforeEach
    void connect(LocalStack stack) {
        log = new DynamoDbReviewLog(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().reviews().name());
    }

    @Override
    protected ReviewLog log() {
        return log;
    }
}
