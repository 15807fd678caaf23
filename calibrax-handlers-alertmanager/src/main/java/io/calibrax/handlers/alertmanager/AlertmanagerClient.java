package io.calibrax.handlers.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts batches of alerts to every configured Alertmanager (an HA pair gets each batch on both:
 * they do not forward alerts to each other), each on its own thread so a hung peer does not delay
 * the healthy one.
 *
 * <p>Every call has connect, read, write and total timeouts. 5xx answers, 408, 429 and I/O errors
 * are retried with exponential backoff and jitter; other 4xx answers are not retried, and
 * Alertmanager's reason (its JSON error message) is logged and returned. Each endpoint's outages
 * are logged once when they begin (WARN) and once when they end (INFO), not on every retry.
 *
 * <p>Thread-safe. {@link #close()} cancels calls in flight and wakes any backoff at once.
 */
final class AlertmanagerClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertmanagerClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final AtomicInteger ORDINAL = new AtomicInteger();
    private static final int REASON_BYTES = 1024;

    /** The outcome of one post to one endpoint; {@code problem} is null on success. */
    record Outcome(AlertmanagerEndpoint endpoint, String problem) {
        boolean accepted() {
            return problem == null;
        }

        @Override
        public String toString() {
            return endpoint + (problem == null ? ": accepted" : ": " + problem);
        }
    }

    private final List<Peer> peers;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final int maxAttempts;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final ExecutorService fanOut;
    private final CountDownLatch closing = new CountDownLatch(1);

    AlertmanagerClient(List<AlertmanagerEndpoint> endpoints, Duration timeout, int maxAttempts,
                       Duration initialBackoff, ObjectMapper json) {
        List<Peer> list = new ArrayList<>(endpoints.size());
        for (AlertmanagerEndpoint endpoint : endpoints) {
            list.add(new Peer(endpoint));
        }
        this.peers = List.copyOf(list);
        this.json = json;
        this.maxAttempts = maxAttempts;
        this.initialBackoffNanos = initialBackoff.toNanos();
        this.maxBackoffNanos = Math.max(initialBackoffNanos, TimeUnit.SECONDS.toNanos(10));
        this.http = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .followRedirects(false)
                .retryOnConnectionFailure(false) // our own retries are counted and backed off
                .build();
        if (peers.size() > 1) {
            int ordinal = ORDINAL.incrementAndGet();
            AtomicInteger thread = new AtomicInteger();
            this.fanOut = Executors.newFixedThreadPool(peers.size(), runnable -> {
                Thread t = new Thread(runnable, "calibrax-alertmanager-post-" + ordinal + "-" + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.fanOut = null;
        }
    }

    /**
     * Posts one JSON batch to every endpoint, retrying as described above.
     *
     * @return one outcome per endpoint, in configuration order
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    List<Outcome> post(String body) throws InterruptedException {
        if (fanOut == null) {
            return List.of(peers.get(0).post(body));
        }
        List<Future<Outcome>> futures = new ArrayList<>(peers.size());
        try {
            for (Peer peer : peers) {
                futures.add(fanOut.submit(() -> peer.post(body)));
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            futures.forEach(future -> future.cancel(true));
            return closedOutcomes();
        }
        List<Outcome> outcomes = new ArrayList<>(peers.size());
        try {
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome(peers.get(i).endpoint, "failed: " + e.getCause()));
                } catch (java.util.concurrent.CancellationException e) {
                    outcomes.add(new Outcome(peers.get(i).endpoint, "cancelled: handler closed"));
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(future -> future.cancel(true));
            throw e;
        }
        return outcomes;
    }

    private List<Outcome> closedOutcomes() {
        List<Outcome> outcomes = new ArrayList<>(peers.size());
        for (Peer peer : peers) {
            outcomes.add(new Outcome(peer.endpoint, "not sent: handler closed"));
        }
        return outcomes;
    }

    /** The endpoints, in configuration order. */
    List<AlertmanagerEndpoint> endpoints() {
        List<AlertmanagerEndpoint> endpoints = new ArrayList<>(peers.size());
        peers.forEach(peer -> endpoints.add(peer.endpoint));
        return endpoints;
    }

    @Override
    public void close() {
        closing.countDown();
        http.dispatcher().cancelAll();
        if (fanOut != null) {
            fanOut.shutdownNow();
        }
        http.connectionPool().evictAll();
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    /** Alertmanager's reason: its JSON error string or {@code message}, else the start of the body. */
    String reason(Response response) {
        String body;
        try {
            body = response.peekBody(REASON_BYTES).string().strip();
        } catch (IOException e) {
            return response.message();
        }
        if (body.isEmpty()) {
            return response.message().isEmpty() ? "no reason given" : response.message();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isTextual()) {
                return node.asText();
            }
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        return body.replaceAll("\\s+", " ");
    }

    /** One endpoint and the state of its outage, for logging transitions only. */
    private final class Peer {
        private final AlertmanagerEndpoint endpoint;
        private final AtomicReference<String> outage = new AtomicReference<>();

        Peer(AlertmanagerEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        Outcome post(String body) {
            long backoff = initialBackoffNanos;
            String problem = "not sent: handler closed";
            for (int attempt = 1; attempt <= maxAttempts && !isClosing(); attempt++) {
                Request.Builder request = new Request.Builder()
                        .url(endpoint.alertsUrl())
                        .header("User-Agent", "calibrax-alertmanager")
                        .post(RequestBody.create(body, JSON));
                if (endpoint.authorization() != null) {
                    request.header("Authorization", endpoint.authorization().reveal());
                }
                try (Response response = http.newCall(request.build()).execute()) {
                    if (response.isSuccessful()) {
                        recovered();
                        return new Outcome(endpoint, null);
                    }
                    int code = response.code();
                    problem = "HTTP " + code + ": " + reason(response);
                    if (code < 500 && code != 408 && code != 429) {
                        return failed(problem + " (rejected, not retried)", true);
                    }
                } catch (IOException e) {
                    problem = isClosing() ? "not sent: handler closed" : describe(e);
                }
                if (attempt < maxAttempts && !pause(backoff)) {
                    break;
                }
                backoff = Math.min(maxBackoffNanos, backoff * 2);
            }
            return failed(problem + " (after " + maxAttempts + " attempt(s))", false);
        }

        private Outcome failed(String problem, boolean rejected) {
            String previous = outage.getAndSet(problem);
            if (isClosing()) {
                log.debug("Alertmanager {}: {}", endpoint, problem);
            } else if (rejected && !problem.equals(previous)) {
                log.warn("Alertmanager {} rejected alerts: {}", endpoint, problem);
            } else if (previous == null) {
                log.warn("Alertmanager {} is not accepting alerts: {}; they will be re-sent until it does",
                        endpoint, problem);
            } else {
                log.debug("Alertmanager {} still not accepting alerts: {}", endpoint, problem);
            }
            return new Outcome(endpoint, problem);
        }

        private void recovered() {
            if (outage.getAndSet(null) != null) {
                log.info("Alertmanager {} accepts alerts again", endpoint);
            }
        }

        /** Sleeps about {@code nanos} (±20%); false when the client closed meanwhile. */
        private boolean pause(long nanos) {
            long jittered = (long) (nanos * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
            try {
                return !closing.await(jittered, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private String describe(IOException e) {
            String message = e.getMessage();
            return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
    }
}
