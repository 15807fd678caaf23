package io.calibrax.handlers.slack;

import io.calibrax.api.internal.Transport;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One OkHttp client for one handler and one POST at a time through it. Every call has connect,
 * read, write and whole-call timeouts; redirects and OkHttp's own silent retries are off, so each
 * attempt is one request that this package counts. Thread-safe; {@link #shutdown()} cancels what is
 * in flight and releases the connection pool and the dispatcher's executor.
 */
final class WebhookClient {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String USER_AGENT = "calibrax-slack/" + version();
    private static final int MAX_ERROR_BODY = 256;
    private static final AtomicInteger ORDINAL = new AtomicInteger();

    private final WebhookUrl webhook;
    private final OkHttpClient client;

    WebhookClient(WebhookUrl webhook, Duration timeout) {
        this.webhook = webhook;
        int ordinal = ORDINAL.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        // calls are synchronous, so this executor stays empty; it is ours so that it is named and shut down
        ExecutorService executor = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "calibrax-slack-http-" + ordinal + "-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.client = new OkHttpClient.Builder()
                .dispatcher(new Dispatcher(executor))
                .connectionPool(new ConnectionPool(1, 5, TimeUnit.MINUTES))
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Posts the JSON once; never throws for an HTTP or I/O failure, which the attempt describes. */
    Attempt post(byte[] json) {
        Request request = new Request.Builder()
                .url(webhook.url())
                .header("User-Agent", USER_AGENT)
                .post(RequestBody.create(json, JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            int status = response.code();
            if (status >= 200 && status < 300) {
                return new Attempt(Attempt.Kind.DELIVERED, status, null, null, "HTTP " + status);
            }
            String error = slackError(response);
            String problem = "HTTP " + status + (error.isEmpty() ? "" : " " + error);
            if (status == 429) {
                return new Attempt(Attempt.Kind.RATE_LIMITED, status, error, Transport.retryAfter(response.header("Retry-After")).orElse(null),
                        problem);
            }
            if (status >= 500) {
                return new Attempt(Attempt.Kind.RETRYABLE, status, error, null, problem);
            }
            return new Attempt(Attempt.Kind.REJECTED, status, error, null, problem);
        } catch (IOException | RuntimeException e) {
            // OkHttp's texts can hold the URL: only the scrubbed description leaves this method
            return new Attempt(Attempt.Kind.RETRYABLE, 0, null, null, webhook.describe(e));
        }
    }

    /** Cancels calls in flight, then releases the executor and the pooled connections. */
    void shutdown() {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** Slack answers errors with a short code such as {@code invalid_payload} in a text body. */
    private String slackError(Response response) {
        try {
            String body = response.peekBody(MAX_ERROR_BODY).string().strip();
            return SlackText.printable(webhook.scrub(body), 100);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String version() {
        String version = WebhookClient.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * What one POST came to.
     *
     * @param kind       delivered, rejected (not worth retrying), rate limited or retryable
     * @param status     the HTTP status, 0 for an I/O failure
     * @param slackError Slack's error code from the body, or null
     * @param retryAfter the server's {@code Retry-After}, or null
     * @param problem    a scrubbed one-line description for logs and exceptions
     */
    record Attempt(Kind kind, int status, @Nullable String slackError, @Nullable Duration retryAfter, String problem) {
        enum Kind { DELIVERED, REJECTED, RATE_LIMITED, RETRYABLE }
    }
}
