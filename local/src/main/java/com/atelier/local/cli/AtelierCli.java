package com.atelier.local.cli;

import com.atelier.local.bench.CapacityProbe;
import com.atelier.local.bench.ColdStartBenchmark;
import com.atelier.local.bench.DebitBenchmark;
import com.atelier.local.bench.FaceCheckBenchmark;
import com.atelier.local.bench.ModerationBenchmark;
import com.atelier.local.bench.SubmitBenchmark;
import com.atelier.local.bench.WebhookBenchmark;
import com.atelier.local.bench.WorkerBenchmark;
import com.atelier.local.bench.UsageBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./atelier}: the command line of the local stack and its tools. */
@Command(name = "atelier",
        mixinStandardHelpOptions = true,
        version = "Atelier 0.1.0",
        description = "Atelier on one machine.",
        subcommands = {UpCommand.class, BootstrapAdminCommand.class, ModerateCommand.class, EvalModelCommand.class, TokenizeCommand.class, DebitBenchmark.class, ModerationBenchmark.class, FaceCheckBenchmark.class, WorkerBenchmark.class, SubmitBenchmark.class, ColdStartBenchmark.class, CapacityProbe.class, WorkerCommand.class, ChaosCommand.class, WebhookBenchmark.class, UsageBenchmark.class})
public final class AtelierCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new AtelierCli()).execute(args));
    }
}
