package com.atelier.local.testing;

import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Optional;

/**
 * Starts one local stack for a whole test run (the first test class that needs it starts it, JUnit
 * stops it when the run ends) and hands it to tests as a parameter.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    /** JUnit closes an AutoCloseable value of the root store when the whole run ends. */
    private static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LocalStack.class,
                key -> LocalStack.start(new LocalStack.Options(0, Optional.empty(), AtelierHome.locate(), false)),
                LocalStack.class);
    }
}
