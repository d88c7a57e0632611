package com.atelier.local.contracts;

import com.atelier.aws.jobs.SqsJobDispatch;
import com.atelier.jobs.JobDispatch;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.JobDispatchContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The jobs queue adapter against the local stack's SQS server (ElasticMQ). */
@ExtendWith(LocalStackExtension.class)
class SqsJobDispatchContractIT extends JobDispatchContract {

    private JobDispatch dispatch;

    @BeforeEach
    void connect(LocalStack stack) {
        dispatch = new SqsJobDispatch(stack.clients().sqs(), stack.resources().jobsQueue().name());
    }

    @Override
    protected JobDispatch dispatch() {
        return dispatch;
    }
}
