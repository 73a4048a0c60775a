package io.tunepipe.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Health of each service, consumer lag per group, the processes running under the home and their restarts. */
@Command(name = "status", description = "Show the health of each service, the consumer lag of each group and the "
        + "tunepipe processes running under the home, with how often tunepipe up restarted each.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Api api = common.api();
        Endpoints endpoints = Endpoints.defaults();
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, String> health = new LinkedHashMap<>();
        boolean allUp = true;
        for (Service s : Service.ALL) {
            boolean up = api.ready(endpoints.of(s));
            allUp &= up;
            health.put(s.module(), up ? "UP" : "DOWN");
        }
        report.put("services", health);
        Map<String, Long> lag = new LinkedHashMap<>();
        try {
            lag = consumerLag(common.home().kafkaClientConfig());
        } catch (RuntimeException e) {
            report.put("kafka", e.getMessage());
            allUp = false;
        }
        report.put("consumerLag", lag);
        List<Map<String, Object>> processes = processes(common.home());
        report.put("processes", processes);
        report.put("restarts", restarts(common.home()));
        if (common.json) {
            System.out.println(Api.json().writeValueAsString(report));
        } else {
            health.forEach((name, state) -> System.out.printf("%-18s %s%n", name, state));
            lag.forEach((group, n) -> System.out.printf("lag %-30s %d%n", group, n));
            if (report.containsKey("kafka")) {
                System.out.println("kafka: " + report.get("kafka"));
            }
            processes.forEach(p -> System.out.printf("process %-18s pid %-8s %s%s%n", p.get("name"), p.get("pid"),
                    p.get("startedBy"), p.containsKey("restarts") ? ", restarts " + p.get("restarts") : ""));
        }
        return allUp ? 0 : TunepipeCli.UNAVAILABLE;
    }

    /**
     * The processes of the home, each said to be supervised by the running {@code up} (with its restart count) or to be
     * left over from another.
     */
    static List<Map<String, Object>> processes(Home home) {
        Optional<ProcessHandle> up = home.running();
        Properties supervised = up.isPresent() ? Supervisor.readState(home.supervisedFile()) : new Properties();
        List<Map<String, Object>> processes = new ArrayList<>();
        up.ifPresent(u -> processes.add(Map.of("name", "tunepipe up", "pid", u.pid(), "startedBy", "the user")));
        for (HomeProcesses.Found p : HomeProcesses.of(home)) {
            Map<String, Object> process = new LinkedHashMap<>(Map.of("name", p.name(), "pid", p.pid()));
            if (Long.toString(p.pid()).equals(supervised.getProperty(p.name() + ".pid"))) {
                process.put("startedBy", "tunepipe up");
                process.put("restarts", Integer.parseInt(supervised.getProperty(p.name() + ".restarts", "0")));
            } else {
                process.put("startedBy", "not the running up (tunepipe down stops it)");
            }
            processes.add(process);
        }
        return processes;
    }

    /** How often the running {@code up} restarted each process it supervises, by name. */
    static Map<String, Integer> restarts(Home home) {
        Map<String, Integer> restarts = new TreeMap<>();
        if (home.running().isPresent()) {
            Supervisor.readState(home.supervisedFile()).forEach((k, v) -> {
                if (((String) k).endsWith(".restarts")) {
                    restarts.put(((String) k).substring(0, ((String) k).length() - ".restarts".length()),
                            Integer.parseInt((String) v));
                }
            });
        }
        return restarts;
    }

    /** Messages not yet consumed, per consumer group (summed over its partitions). */
    static Map<String, Long> consumerLag(Map<String, Object> kafkaConfig) throws Exception {
        try (Admin admin = Admin.create(kafkaConfig)) {
            Map<String, Long> lag = new LinkedHashMap<>();
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
                if (group.groupId().startsWith("tunepipe-cli-") || group.groupId().startsWith("probe-")) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                var ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all()
                        .get(10, TimeUnit.SECONDS);
                long total = 0;
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null) {
                        total += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
                lag.put(group.groupId(), total);
            }
            return lag;
        }
    }
}
