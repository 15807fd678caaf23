package io.calibrax;

import io.calibrax.api.ResourceMonitor;
import io.calibrax.api.ResourceSample;
import io.calibrax.spi.CalibraxConfig;

import java.util.Map;

/**
 * The main class {@link OptionalDependenciesTest} runs in a child JVM: it says which optional
 * libraries are visible, bootstraps Calibrax with the console handler and reads the resource
 * monitor once, each on a {@code probe:} line.
 */
public final class BootstrapProbe {
    private BootstrapProbe() {
    }

    public static void main(String[] args) {
        System.out.println("probe: guice=" + visible("com.google.inject.Guice") + " oshi=" + visible("oshi.SystemInfo"));
        try (Calibrax calibrax = Calibrax.bootstrap(CalibraxConfig.of(Map.of("calibrax.console.enabled", "true")))) {
            System.out.println("probe: handlers=" + calibrax.handlers().size());
            ResourceMonitor monitor = calibrax.productionMonitor().getResourceMonitor().orElseThrow();
            ResourceSample sample = monitor.sample();
            System.out.println("probe: monitor=" + monitor.getClass().getSimpleName() + " rssMb>0="
                    + (sample.rssMb() > 0) + " heap=" + sample.asMetrics().containsKey("jvm_heap_used_mb"));
        }
        System.out.println("probe: closed");
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, BootstrapProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
