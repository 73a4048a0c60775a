package io.tunepipe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Checks this machine for {@code tunepipe up} and says what to do about each problem found. */
@Command(name = "doctor", description = "Check Java, the ports, free disk, the build and the local stack, and say "
        + "what to do about each problem.")
public final class DoctorCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--root", defaultValue = "${sys:tunepipe.root:-.}", hidden = true)
    Path root;

    @Option(names = "--maven-repository", defaultValue = "${sys:user.home}/.m2/repository", hidden = true)
    Path mavenRepository;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka's port, as given to up.")
    int kafkaPort;

    @Option(names = "--postgres-port", defaultValue = "5432", description = "PostgreSQL's port, as given to up.")
    int postgresPort;

    @Option(names = "--port-offset", defaultValue = "0", description = "The port offset, as given to up.")
    int portOffset;

    @Override
    public Integer call() throws Exception {
        Checkup checkup = new Checkup(common.home(), root, mavenRepository);
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (Service s : Service.ALL) {
            ports.put(s.module(), s.defaultPort() + portOffset);
            options.put(s.module(), "--port-offset " + (portOffset + 100));
        }
        ports.put("kafka", kafkaPort);
        ports.put("kafka controller", kafkaPort + 1);
        ports.put("postgresql", postgresPort);
        options.put("kafka", "--kafka-port " + (kafkaPort + 100));
        options.put("kafka controller", "--kafka-controller-port " + (kafkaPort + 101));
        options.put("postgresql", "--postgres-port " + (postgresPort + 100));

        List<Checkup.Finding> findings = new ArrayList<>();
        findings.add(Checkup.java(Runtime.version()));
        findings.addAll(checkup.ports(ports, options));
        findings.add(checkup.disk());
        findings.addAll(checkup.build());
        findings.addAll(checkup.stack());
        long problems = findings.stream().filter(f -> !f.ok()).count();
        if (common.json) {
            System.out.println(Api.json().writeValueAsString(findings));
        } else {
            for (Checkup.Finding f : findings) {
                System.out.printf("%-7s %-32s %s%n", f.ok() ? "ok" : "PROBLEM", f.check(), f.detail());
                if (!f.ok()) {
                    System.out.println("        what to do: " + f.advice());
                }
            }
            System.out.println(problems == 0 ? "no problem found" : problems + " problem(s) found");
        }
        return problems == 0 ? 0 : TunepipeCli.FAILED;
    }
}
