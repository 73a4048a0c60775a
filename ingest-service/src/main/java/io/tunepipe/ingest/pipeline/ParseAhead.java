package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pipeline on a thread of its own and hands what it makes, in chunks through a small bounded queue, to a sink
 * on the calling thread: reading, cleaning and splitting overlap the writes, the sink keeps the caller's transaction,
 * and memory holds at most a few chunks. A failure on either side stops the other.
 */
public final class ParseAhead {

    private static final int CHUNK = 512;
    private static final int CHUNKS_QUEUED = 8;
    private static final long HAND_WAIT_MILLIS = 100;

    /** The pipeline, run against a sink. */
    public interface Run {
        IngestResult run(IngestSink sink) throws UnreadableFileException, IOException;
    }

    /** The last chunk of a run: its result, or what it failed with. */
    private record End(IngestResult result, Throwable failure) {
    }

    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(CHUNKS_QUEUED);
    private volatile boolean abandoned;

    private ParseAhead() {
    }

    /** Runs {@code run} on a new thread named {@code name}, passing its examples and rejected rows to {@code sink}. */
    public static IngestResult run(String name, Run run, IngestSink sink) throws UnreadableFileException, IOException {
        ParseAhead ahead = new ParseAhead();
        ahead.start(name, run);
        return ahead.drain(sink);
    }

    private void start(String name, Run run) {
        Thread parser = new Thread(() -> {
            Chunks chunks = new Chunks();
            End end;
            try {
                IngestResult result = run.run(chunks);
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

    private IngestResult drain(IngestSink sink) throws UnreadableFileException, IOException {
        try {
            while (true) {
                Object[] chunk = queue.take();
                for (Object item : chunk) {
                    if (item instanceof Example example) {
                        sink.example(example);
                    } else if (item instanceof RejectedRow row) {
                        sink.rejected(row);
                    } else if (item instanceof End end) {
                        return result(end);
                    }
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

    private static IngestResult result(End end) throws UnreadableFileException, IOException {
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

    /** The sink the pipeline's thread writes to: fills a chunk, queues it when full. */
    private final class Chunks implements IngestSink {
        private Object[] chunk = new Object[CHUNK];
        private int size;

        @Override
        public void example(Example example) {
            add(example);
        }

        @Override
        public void rejected(RejectedRow row) {
            add(row);
        }

        private void add(Object item) {
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
