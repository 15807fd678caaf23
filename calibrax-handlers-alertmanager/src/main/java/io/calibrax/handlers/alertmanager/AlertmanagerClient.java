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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts batches of alerts to every configured Alertmanager (an HA pair gets each batch on both:
 * they do not forward alerts to each other), each on its own thread so a hung peer does not delay
 * the healthy one.
 *
 * <p>Every call has connect, read, write and total timeouts. One try per post: the alert manager
 * retries a delivery, the handler's resend cycle the rest. A 4xx answer other than 408 and 429 is
 * a rejection (retrying cannot help), and Alertmanager's reason (its JSON error message) is logged
 * and returned. Each endpoint's outages are logged once when they begin (WARN) and once when they
 * end (INFO), not on every post.
 *
 * <p>Thread-safe. {@link #close()} cancels calls in flight.
 */
final class AlertmanagerClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertmanagerClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final AtomicInteger ORDINAL = new AtomicInteger();
    private static final int REASON_BYTES = 1024;

    /** The outcome of one post to one endpoint; {@code problem} is null on success. */
    record Outcome(AlertmanagerEndpoint endpoint, String problem, boolean rejected) {
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
    private final ExecutorService fanOut;
    private volatile boolean closing;

    AlertmanagerClient(List<AlertmanagerEndpoint> endpoints, Duration timeout, ObjectMapper json) {
        List<Peer> list = new ArrayList<>(endpoints.size());
        for (AlertmanagerEndpoint endpoint : endpoints) {
            list.add(new Peer(endpoint));
        }
        this.peers = List.copyOf(list);
        this.json = json;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .followRedirects(false)
                .retryOnConnectionFailure(false) // the alert manager's retries are counted and backed off
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
     * Posts one JSON batch to every endpoint, once.
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
                    outcomes.add(new Outcome(peers.get(i).endpoint, "failed: " + e.getCause(), false));
                } catch (java.util.concurrent.CancellationException e) {
                    outcomes.add(new Outcome(peers.get(i).endpoint, "cancelled: handler closed", false));
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
            outcomes.add(new Outcome(peer.endpoint, "not sent: handler closed", false));
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
        closing = true;
        http.dispatcher().cancelAll();
        if (fanOut != null) {
            fanOut.shutdownNow();
        }
        http.connectionPool().evictAll();
    }

    private boolean isClosing() {
        return closing;
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
            if (isClosing()) {
                return new Outcome(endpoint, "not sent: handler closed", false);
            }
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
                    return new Outcome(endpoint, null, false);
                }
                int code = response.code();
                String problem = "HTTP " + code + ": " + reason(response);
                boolean rejected = code < 500 && code != 408 && code != 429;
                return failed(rejected ? problem + " (rejected, not retried)" : problem, rejected);
            } catch (IOException e) {
                return failed(isClosing() ? "not sent: handler closed" : describe(e), false);
            }
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
            return new Outcome(endpoint, problem, rejected);
        }

        private void recovered() {
            if (outage.getAndSet(null) != null) {
                log.info("Alertmanager {} accepts alerts again", endpoint);
            }
        }

        private String describe(IOException e) {
            String message = e.getMessage();
            return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
    }
}
