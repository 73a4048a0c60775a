package io.tunepipe.ingest.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a stage of the ingest on a thread of its own and hands what it makes, in chunks through a small bounded queue,
 * to the next stage on the calling thread: parsing overlaps the per-row work ({@link IngestPipeline}), which overlaps
 * the writes, the writing keeps the caller's transaction, and memory holds at most a few chunks. A failure on either
 * side stops the other.
 */
public final class ParseAhead {

    private static final int CHUNK = 128;
    private static final int CHUNKS_QUEUED = 8;
    private static final long HAND_WAIT_MILLIS = 100;

    /** The stage run ahead, which hands its items to {@code out} and returns its result. */
    public interface Run<T, R> {
        R run(Consumer<T> out) throws UnreadableFileException, IOException;
    }

    /** The last chunk of a run: its result, or what it failed with. */
    private record End(Object result, Throwable failure) {
    }

    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(CHUNKS_QUEUED);
    private volatile boolean abandoned;

    private ParseAhead() {
    }

    /** Runs {@code run} on a new thread named {@code name}, passing what it hands on to {@code next}, in order. */
    public static <T, R> R run(String name, Run<T, R> run, Consumer<? super T> next)
            throws UnreadableFileException, IOException {
        ParseAhead ahead = new ParseAhead();
        ahead.start(name, run);
        return ahead.drain(next);
    }

    private <T, R> void start(String name, Run<T, R> run) {
        Thread parser = new Thread(() -> {
            Chunks<T> chunks = new Chunks<>();
            End end;
            try {
                R result = run.run(chunks);
                chunks.flush();
                end = new End(result, null);
            } catch (Abandoned e) {
                return;
            } catch (Throwable e) {
                end = new End(null, e);
            }
            try {
                hand(new Object[] {end});
            } catch (Abandoned e) {
                // the writing side has stopped already
            }
        }, name);
        parser.setDaemon(true);
        parser.start();
    }

    @SuppressWarnings("unchecked") // the queue holds only what the run handed on, and the End of the run
    private <T, R> R drain(Consumer<? super T> next) throws UnreadableFileException, IOException {
        try {
            while (true) {
                Object[] chunk = queue.take();
                for (Object item : chunk) {
                    if (item instanceof End end) {
                        return (R) result(end);
                    }
                    next.accept((T) item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the ingest was interrupted", e);
        } finally {
            abandoned = true; // stops the pipeline's thread at its next chunk when the sink failed
        }
    }

    /** Queues a chunk, waiting for room while the writing side goes on. */
    private void hand(Object[] chunk) {
        try {
            while (!queue.offer(chunk, HAND_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    throw new Abandoned();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    private static Object result(End end) throws UnreadableFileException, IOException {
        Throwable failure = end.failure();
        if (failure == null) {
            return end.result();
        }
        if (failure instanceof UnreadableFileException e) {
            throw e;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new UncheckedIOException(new IOException(failure));
    }

    /** Stops the pipeline's thread when the writing side has stopped. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /** What the run's thread hands items to: fills a chunk, queues it when full. */
    private final class Chunks<T> implements Consumer<T> {
        private Object[] chunk = new Object[CHUNK];
        private int size;

        @Override
        public void accept(T item) {
            chunk[size++] = item;
            if (size == CHUNK) {
                flush();
            }
        }

        void flush() {
            if (size == 0) {
                return;
            }
            hand(size == CHUNK ? chunk : Arrays.copyOf(chunk, size));
            chunk = new Object[CHUNK];
            size = 0;
        }
    }
}
