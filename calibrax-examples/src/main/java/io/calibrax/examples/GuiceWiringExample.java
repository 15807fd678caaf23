package io.calibrax.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import io.calibrax.Calibrax;
import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.inject.CalibraxModule;
import io.calibrax.monitoring.ProductionMonitor;
import io.calibrax.spi.CalibraxConfig;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Calibrax in a Guice application: {@link CalibraxModule} binds the configuration, one alert
 * manager, both monitors and every plugin the configuration enables; the application adds its own
 * handler with a {@link Multibinder} beside them. A checkout that runs far slower than its
 * baseline raises a WARNING that reaches both the console handler and the application's pager.
 * Run it with {@code java -cp calibrax.jar io.calibrax.examples.GuiceWiringExample}.
 *
 * @since 0.1.0
 */
public final class GuiceWiringExample {
    private GuiceWiringExample() {
    }

    /**
     * The application's own handler: yours might call a paging service; this one keeps the pages.
     *
     * @since 0.1.0
     */
    public static final class PagerHandler implements AlertHandler {
        private final List<Alert> pages = new CopyOnWriteArrayList<>();

        @Override
        public void handle(Alert alert) {
            pages.add(alert);
        }

        @Override
        public String name() {
            return "pager";
        }

        public List<Alert> pages() {
            return List.copyOf(pages);
        }
    }

    public static void main(String[] args) {
        run(new PrintWriter(System.out, true));
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintWriter out) {
        // In an application: new CalibraxModule() reads calibrax.properties, CALIBRAX_* and -D settings.
        CalibraxConfig config = CalibraxConfig.of(Map.of("calibrax.console.enabled", "true"));
        PagerHandler pager = new PagerHandler();
        Injector injector = Guice.createInjector(new CalibraxModule(config), new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), AlertHandler.class).addBinding().toInstance(pager);
            }
        });

        try (Calibrax calibrax = injector.getInstance(Calibrax.class)) {
            ProductionMonitor monitor = injector.getInstance(ProductionMonitor.class);
            monitor.setPerformanceBaseline("checkout", 0.200);
            monitor.recordPipelineExecution("checkout", Duration.ofMillis(180), true);
            monitor.recordPipelineExecution("checkout", Duration.ofMillis(450), true); // 125% over baseline

            calibrax.alertManager().flush(Duration.ofSeconds(5));
            out.printf("Handlers: %s%n", calibrax.handlers().stream().map(AlertHandler::name).toList());
            out.printf("Pages received by the application's handler: %d%n", pager.pages().size());
            pager.pages().forEach(page -> out.printf("  %s (%s)%n", page.message(), page.metricName()));
        }
    }
}
