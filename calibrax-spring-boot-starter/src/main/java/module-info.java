import org.jspecify.annotations.NullMarked;

/**
 * Calibrax as Spring Boot beans: the auto-configuration, health indicator and endpoint. Open, so
 * that Spring may proxy and reflect on its configuration classes; actuator support is
 * {@code static}, present when the application adds the actuator.
 *
 * @since 0.1.0
 */
@NullMarked
open module io.calibrax.spring {
    requires io.calibrax.core;
    requires io.calibrax.micrometer;
    requires static org.jspecify;
    requires org.slf4j;
    requires com.google.guice;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires static spring.boot.actuator;
    requires static spring.boot.actuator.autoconfigure;
    requires static spring.boot.health;

    exports io.calibrax.spring;
}
