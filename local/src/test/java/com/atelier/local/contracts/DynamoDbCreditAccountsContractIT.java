package com.atelier.local.contracts;

import com.atelier.accounts.CreditAccounts;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.CreditAccountsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The accounts table adapter against the local stack's DynamoDB server keeps the conditions the in-memory one does. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbCreditAccountsContractIT extends CreditAccountsContract {

    private CreditAccounts accounts;

    @BeforeEach
    void connect(LocalStack stack) {
        accounts = new DynamoDbCreditAccounts(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().accounts().name());
    }

    @Override
    protected CreditAccounts accounts() {
        return accounts;
    }
}
