package io.tunepipe.cli;

import io.tunepipe.cli.FaultInjector.Injection;
import io.tunepipe.cli.FaultInjector.Kind;
import io.tunepipe.cli.RunningStack.Dataset;
import io.tunepipe.cli.RunningStack.Run;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17's fault-injection suite on {@code tunepipe up} with two instances of every service
 * ({@code -Dchaos.instances=}): three datasets (the sample, a copy of it with rejected and duplicate rows, a slice of
 * the Québec FAQ) run cleanly at once; then one round per kind of fault, in a seeded random order
 * ({@code -Dchaos.seed=} replays a run): two of them run again at once while {@link FaultInjector} injects that one
 * fault after a random number of pipeline events, and {@link ChaosInvariants} holds the round to the clean run
 * before the next one starts.
 * Its home stays in {@code target/chaos-*} with every process's log.
 */
class ChaosIT {

    static final int INSTANCES = Integer.getInteger("chaos.instances", 2);

    /** What one round of one fault gave: the figures of the table printed at the end. */
    record Round(Kind kind, boolean hit, int completed, int datasets, long lost, long doubled, String timing,
            long events) {
    }

    @Test
    void everyKindOfFaultLosesAndDoublesNothing() throws Exception {
        long seed = Long.getLong("chaos.seed", new Random().nextLong());
        Random random = new Random(seed);
        System.out.printf("chaos: seed %d (replay with -Dchaos.seed=%d), %d instance(s) of each service%n", seed,
                seed, INSTANCES);
        Path dir = Path.of("target", "chaos-" + System.currentTimeMillis()).toAbsolutePath();
        SoftAssertions softly = new SoftAssertions();
        try (RunningStack stack = RunningStack.start(dir.resolve("home"), INSTANCES);
                FaultInjector faults = new FaultInjector(stack.home(), random, INSTANCES, System.out)) {
            ChaosInvariants invariants = new ChaosInvariants(stack.api(), RunningStack.endpoints(), stack.home());
            ChaosDatasets files = new ChaosDatasets(dir.resolve("files"));
            List<Dataset> all = List.of(files.sample(), files.rejects(), files.quebec());
            faults.awaitListening();
            long started = System.nanoTime();
            Map<String, Run> clean = stack.runAll(all, false);
            System.out.printf(Locale.ROOT, "chaos: clean run of %d datasets at once: %d s, %d pipeline events%n",
                    all.size(), Duration.ofNanos(System.nanoTime() - started).toSeconds(), faults.eventsSeen());
            Map<String, ChaosInvariants.Figures> reference = new HashMap<>();
            for (Dataset d : all) {
                RunSummary s = clean.get(d.label()).summary();
                assertThat(s.judged()).as(d.label() + " clean: " + s.failure()).isTrue();
                reference.put(d.label(), invariants.figures(s));
                ChaosInvariants.assertWhole(softly, d.label() + " clean", s, reference.get(d.label()),
                        d.oneExamplePerRow());
                System.out.println("chaos: clean " + d.label() + " " + reference.get(d.label()));
            }
            // a fault falls in the first three quarters of a round's events (a round has about half the clean run's)
            long events = faults.eventsSeen() / 2;
            List<Kind> order = new ArrayList<>(List.of(Kind.values()));
            Collections.shuffle(order, random);
            List<Round> rounds = new ArrayList<>();
            for (Kind kind : order) {
                long at = 1 + (long) (random.nextDouble() * events * 3 / 4);
                Round round = round(softly, stack, faults, kind, at, all.subList(1, 3), reference, invariants);
                rounds.add(round);
                events = round.events();
            }
            printTable(rounds);
            stack.printPeakRss(System.out);
        }
        softly.assertAll();
    }

    /** Runs {@code datasets} at once with one fault of {@code kind} after {@code at} events; asserts the invariants. */
    private static Round round(SoftAssertions softly, RunningStack stack, FaultInjector faults, Kind kind, long at,
            List<Dataset> datasets, Map<String, ChaosInvariants.Figures> reference, ChaosInvariants invariants)
            throws Exception {
        int lettersBefore = ChaosInvariants.deadLetters(stack.home()).size();
        Map<String, Integer> restartsBefore = stack.restarts();
        Instant started = Instant.now();
        long eventsBefore = faults.eventsSeen();
        faults.injectAfterEvents(kind, at);
        Map<String, Run> runs = stack.runAll(datasets, true);
        Duration took = Duration.between(started, Instant.now());
        long events = faults.eventsSeen() - eventsBefore;
        faults.injectArmedNow();
        faults.awaitAllDone(Duration.ofMinutes(3));
        stack.awaitReady(Duration.ofMinutes(3));
        Injection injection = faults.last().orElseThrow();
        String label = kind + " round";
        softly.assertThat(injection.hit()).as(label + ": the fault hit a running process").isTrue();
        int completed = 0;
        long lost = 0;
        long doubled = 0;
        for (Dataset d : datasets) {
            RunSummary summary = runs.get(d.label()).summary();
            if (!summary.judged()) {
                softly.fail(label + ": " + d.label() + " did not complete: " + summary.failure());
                continue;
            }
            completed++;
            ChaosInvariants.Figures f = invariants.figures(summary);
            long[] diff = f.lostAndDoubled(reference.get(d.label()));
            lost += diff[0];
            doubled += diff[1];
            ChaosInvariants.assertWhole(softly, label + " " + d.label(), summary, f, d.oneExamplePerRow());
            ChaosInvariants.assertSameAsClean(softly, label + " " + d.label(), f, reference.get(d.label()));
        }
        String timing = String.format(Locale.ROOT, "%s at event %d of %d (+%s of %d s): %s", injection.target(),
                at, events, FaultInjector.seconds(Duration.between(started, injection.at())), took.toSeconds(),
                faults.describe(injection));
        System.out.printf(Locale.ROOT, "chaos: %s: %d of %d completed, %d rows lost, %d doubled; %s%n", label,
                completed, datasets.size(), lost, doubled, timing);
        List<String> letters = ChaosInvariants.deadLetters(stack.home());
        letters.subList(lettersBefore, letters.size()).forEach(l -> System.out.println("chaos:   dead letter " + l));
        softly.assertThat(letters.size() - lettersBefore).as(label + ": new dead letters").isZero();
        Map<String, Integer> crashed = restartedBesides(restartsBefore, stack.restarts(), injection.target());
        softly.assertThat(crashed).as(label + ": processes that exited though not killed (logs in "
                + stack.home().logDir() + ")").isEmpty();
        return new Round(kind, injection.hit(), completed, datasets.size(), lost, doubled, timing, events);
    }

    /** Processes other than {@code target} that the supervisor restarted since {@code before}, with how often. */
    private static Map<String, Integer> restartedBesides(Map<String, Integer> before, Map<String, Integer> after,
            String target) {
        Map<String, Integer> restarted = new HashMap<>();
        after.forEach((name, n) -> {
            int more = n - before.getOrDefault(name, 0);
            if (more > 0 && !name.equals(target)) {
                restarted.put(name, more);
            }
        });
        return restarted;
    }

    private static void printTable(List<Round> rounds) {
        System.out.println("chaos: fault           injected  datasets completed  rows lost  rows doubled");
        for (Round r : rounds) {
            System.out.printf(Locale.ROOT, "chaos: %-15s %8d  %11d of %d  %9d  %12d%n", r.kind(), r.hit() ? 1 : 0,
                    r.completed(), r.datasets(), r.lost(), r.doubled());
        }
        rounds.forEach(r -> System.out.println("chaos:   " + r.kind() + ": " + r.timing()));
    }
}
