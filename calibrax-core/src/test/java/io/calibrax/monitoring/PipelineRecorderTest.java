package io.calibrax.monitoring;

import io.calibrax.testing.FakeResourceMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineRecorderTest {
    private final AtomicLong clock = new AtomicLong();
    private final ProductionMonitor monitor = ProductionMonitor.builder().ticker(clock::get)
            .resourceMonitor(FakeResourceMonitor.constant(1)).build();

    @AfterEach
    void close() {
        monitor.close();
    }

    private PipelineStats stats(String name) {
        return monitor.getPipelineStats(name).orElseThrow();
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    @Test
    void recordsTimesGivenAsSecondsOrDurationsIntoTheSamePipelineAsByName() {
        PipelineRecorder handle = monitor.pipeline("inference");
        assertThat(handle.name()).isEqualTo("inference");
        assertThat(monitor.getPipelineStats("inference")).isEmpty(); // a handle alone is no execution
        handle.record(0.5, true);
        handle.record(Duration.ofMillis(1500), false);
        monitor.recordPipelineExecution("inference", 1.0, true);
        PipelineStats stats = stats("inference");
        assertThat(stats.totalExecutions()).isEqualTo(3);
        assertThat(stats.failedExecutions()).isEqualTo(1);
        assertThat(stats.minExecutionTime()).isEqualTo(0.5);
        assertThat(stats.maxExecutionTime()).isEqualTo(1.5);
        assertThat(monitor.pipeline("inference").name()).isEqualTo("inference");
    }

    @Test
    void timedFormsTimeTheCallByTheMonitorsClockAndReturnItsResult() throws Exception {
        PipelineRecorder handle = monitor.pipeline("timed");
        handle.record(() -> advance(Duration.ofSeconds(2)));
        String result = handle.record(() -> {
            advance(Duration.ofMillis(250));
            return "done";
        });
        Integer called = handle.recordCallable(() -> {
            advance(Duration.ofSeconds(4));
            return 42;
        });
        assertThat(result).isEqualTo("done");
        assertThat(called).isEqualTo(42);
        PipelineStats stats = stats("timed");
        assertThat(stats.totalExecutions()).isEqualTo(3);
        assertThat(stats.failedExecutions()).isZero();
        assertThat(stats.minExecutionTime()).isEqualTo(0.25);
        assertThat(stats.maxExecutionTime()).isEqualTo(4.0);
        assertThat(stats.lastExecutionTime()).isEqualTo(4.0);
    }

    /** The end of a timed call is when it was recorded: the clock read that ends the timing is the only other one. */
    @Test
    void aTimedCallIsRecordedAtItsEndReadingTheClockTwice() {
        AtomicLong reads = new AtomicLong();
        AtomicLong time = new AtomicLong(Duration.ofSeconds(100).toNanos());
        try (ProductionMonitor counted = ProductionMonitor.builder().ticker(() -> {
            reads.incrementAndGet();
            return time.get();
        }).resourceMonitor(FakeResourceMonitor.constant(1)).build()) {
            PipelineRecorder handle = counted.pipeline("timed");
            handle.record(0.1, true); // resolves and records once, so what follows reads the clock only to time
            java.time.Instant first = counted.getPipelineStats("timed").orElseThrow().lastExecutedAt();
            long before = reads.get();
            handle.record(() -> time.addAndGet(Duration.ofSeconds(3).toNanos()));
            assertThat(reads.get() - before).isEqualTo(2);
            PipelineStats stats = counted.getPipelineStats("timed").orElseThrow();
            assertThat(stats.lastExecutionTime()).isEqualTo(3.0);
            assertThat(Duration.between(first, stats.lastExecutedAt())).isEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void aThrowingCallIsAFailureAndWhatItThrewIsRethrownUnchanged() {
        PipelineRecorder handle = monitor.pipeline("failing");
        IllegalStateException unchecked = new IllegalStateException("boom");
        IOException checked = new IOException("disk");
        AssertionError error = new AssertionError("bad");
        assertThatThrownBy(() -> handle.record((Runnable) () -> {
            advance(Duration.ofSeconds(1));
            throw unchecked;
        })).isSameAs(unchecked);
        assertThatThrownBy(() -> handle.record(() -> {
            throw error;
        })).isSameAs(error);
        assertThatThrownBy(() -> handle.recordCallable(() -> {
            advance(Duration.ofSeconds(3));
            throw checked;
        })).isSameAs(checked);
        PipelineStats stats = stats("failing");
        assertThat(stats.totalExecutions()).isEqualTo(3);
        assertThat(stats.failedExecutions()).isEqualTo(3);
        assertThat(stats.maxExecutionTime()).isEqualTo(3.0);
        // the third failure of three is over 0.3: the error-rate alert, at once
        assertThat(monitor.getAlertManager().getRecentAlerts()).singleElement()
                .satisfies(alert -> assertThat(alert.metricName()).isEqualTo("pipeline_failing_error_rate"));
    }

    @Test
    void badInputIsRefusedNamingTheArgumentAndNothingIsRecorded() {
        PipelineRecorder handle = monitor.pipeline("p");
        assertThatIllegalArgumentException().isThrownBy(() -> handle.record(-1.0, true)).withMessageContaining("seconds");
        assertThatIllegalArgumentException().isThrownBy(() -> handle.record(Double.NaN, true)).withMessageContaining("seconds");
        assertThatIllegalArgumentException().isThrownBy(() -> handle.record(Duration.ofSeconds(-1), true))
                .withMessageContaining("executionTime");
        assertThatNullPointerException().isThrownBy(() -> handle.record((Duration) null, true))
                .withMessageContaining("executionTime");
        assertThatNullPointerException().isThrownBy(() -> handle.record((Runnable) null)).withMessageContaining("work");
        assertThatNullPointerException().isThrownBy(() -> monitor.pipeline(null)).withMessageContaining("pipelineName");
        assertThatIllegalArgumentException().isThrownBy(() -> monitor.pipeline(" ")).withMessageContaining("pipelineName");
        assertThat(monitor.getPipelineStats("p")).isEmpty();
    }

    @Test
    void aHandleBeyondMaxPipelinesDropsAndCountsItsExecutions() {
        try (ProductionMonitor small = ProductionMonitor.builder().maxPipelines(1)
                .resourceMonitor(FakeResourceMonitor.constant(1)).build()) {
            small.recordPipelineExecution("first", 0.1, true);
            PipelineRecorder late = small.pipeline("second");
            assertThat(small.getDroppedExecutions()).isZero();
            late.record(0.1, true);
            late.record(() -> { });
            assertThat(small.getDroppedExecutions()).isEqualTo(2);
            assertThat(small.getPipelineHealthReport().pipelines()).containsOnlyKeys("first");
        }
    }
}
