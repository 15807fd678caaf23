package io.calibrax.spring.example;

import io.calibrax.api.Alert;
import io.calibrax.api.AlertHandler;
import io.calibrax.monitoring.PipelineRecorder;
import io.calibrax.monitoring.ProductionMonitor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Boot service using Calibrax: the starter on the class path, {@code calibrax.*} in
 * {@code application-example.yml}, the monitor injected where the work is done and one handler of
 * its own. Run it with {@code --spring.profiles.active=example}.
 */
@SpringBootApplication
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }

    /** Every AlertHandler bean receives the alerts too (a pager, a ticket system...). */
    @Bean
    PagerHandler pagerHandler() {
        return new PagerHandler();
    }

    /** The application's own handler. */
    public static final class PagerHandler implements AlertHandler {
        private final List<Alert> paged = new CopyOnWriteArrayList<>();

        @Override
        public void handle(Alert alert) {
            paged.add(alert);
        }

        public List<Alert> paged() {
            return List.copyOf(paged);
        }
    }

    /** Work whose health shows in /actuator/health and whose timings in /actuator/prometheus. */
    @Service
    public static class CheckoutService {
        private final PipelineRecorder checkout;

        CheckoutService(ProductionMonitor monitor) {
            this.checkout = monitor.pipeline("checkout");
        }

        public void checkout(boolean paymentAccepted) {
            checkout.record(0.120, paymentAccepted);
        }
    }
}
