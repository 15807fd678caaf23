package io.calibrax.handlers.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for Slack's webhook endpoint: a real HTTP server (mockwebserver3) that
 * answers with scripted responses, then {@code 200 ok}, and records each request with the time it
 * arrived.
 */
final class SlackStandIn implements AutoCloseable {
    static final String TOKEN = "xqZsEcReTtOkEn0123456789";
    static final String PATH = "/services/T0TEAM0001/B0HOOK0002/" + TOKEN;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final ConcurrentLinkedQueue<MockResponse> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new ArrayList<>();

    SlackStandIn() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                synchronized (received) {
                    received.add(new Received(System.nanoTime(), request));
                    received.notifyAll();
                }
                MockResponse next = script.poll();
                return next != null ? next : ok();
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webhook URL, token included. */
    String url() {
        return server.url(PATH).toString();
    }

    /** Answers the next requests with these, in order; later ones get 200 ok. */
    SlackStandIn answer(MockResponse... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    static MockResponse ok() {
        return new MockResponse.Builder().code(200).body("ok").build();
    }

    static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    static MockResponse tooManyRequests(String retryAfter) {
        return new MockResponse.Builder().code(429).setHeader("Retry-After", retryAfter).body("rate_limited").build();
    }

    /** Reads the request, then never answers. */
    static MockResponse hang() {
        return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
    }

    List<Received> requests() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until at least {@code count} requests arrived; the requests so far. */
    List<Received> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** One request as the server saw it. */
    record Received(long atNanos, RecordedRequest request) {
        String body() {
            return request.getBody() == null ? "" : request.getBody().utf8();
        }

        JsonNode json() {
            try {
                return JSON.readTree(body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long millisAfter(Received earlier) {
            return TimeUnit.NANOSECONDS.toMillis(atNanos - earlier.atNanos);
        }
    }
}
