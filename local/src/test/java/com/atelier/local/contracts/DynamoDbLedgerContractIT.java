package com.atelier.local.contracts;

import com.atelier.accounts.Ledger;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.LedgerContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger table adapter against the local stack's DynamoDB server. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbLedgerContractIT extends LedgerContract {

    private Ledger ledger;

    @BeforeEach
    void connect(LocalStack stack) {
        ledger = new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), stack.resources().ledger().name());
    }

    @Override
    protected Ledger ledger() {
        return ledger;
    }
}
