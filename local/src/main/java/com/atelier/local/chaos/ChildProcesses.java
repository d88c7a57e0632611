package com.atelier.local.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the suite starts the stack and the worker as processes of their own, so that it can kill them:
 * the same classes as {@code ./atelier}, with this JVM's class path or the packaged one.
 */
final class ChildProcesses {

    private final Path home;
    private final String classPath;
    private final Path logDir;

    ChildProcesses(Path home, Path logDir) {
        this.home = home;
        this.classPath = classPath(home);
        this.logDir = logDir;
    }

    /**
     * Starts {@code AtelierCli} with these arguments, its output appended to {@code <log>.log}.
     *
     * @param systemProperties JVM options such as {@code -Datelier.chaos.awsFaults=…}
     */
    Process start(String log, List<String> jvmOptions, Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Datelier.home=" + home));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "com.atelier.local.cli.AtelierCli"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(log + ".log").toFile()));
        // A call log or stage set for the suite's own JVM is not the children's business.
        builder.environment().remove("ATELIER_AWS_CALL_LOG");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** kill -9 of the process and everything it started (dynalite's node), children first. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        // On Linux destroyForcibly is SIGKILL: no shutdown hook runs, nothing is flushed or closed.
        process.destroyForcibly();
        process.onExit().join();
    }

    /** Resident memory of the process and its children, in KiB, from /proc (0 where there is none). */
    static long residentKib(Process process) {
        long total = residentKib(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            total += residentKib(child.pid());
        }
        return total;
    }

    private static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The packaged stack's class path when it was built (./atelier, mvn package), else this JVM's. */
    private static String classPath(Path home) {
        Path jar = home.resolve("local/target/atelier-local-0.1.0-SNAPSHOT.jar");
        Path dependencies = home.resolve("local/target/runtime-classpath.txt");
        try {
            if (Files.exists(jar) && Files.exists(dependencies)) {
                return jar + java.io.File.pathSeparator + Files.readString(dependencies).trim();
            }
        } catch (IOException e) {
            // Fall through to this JVM's own class path.
        }
        return System.getProperty("java.class.path");
    }
}
