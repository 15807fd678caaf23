package io.calibrax.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CalibraxCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "watch", "run", "gpu", "test-handlers"})
    void everyCommandHasHelp(String command) {
        Cli.Result result = Cli.run(command, "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Usage: calibrax " + command);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("demo", "watch", "run", "gpu", "test-handlers", "help", "Exit codes");
    }

    @Test
    void noCommandIsABadArgument() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing command", "demo", "watch", "gpu", "test-handlers");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unknownCommandIsNamedWithASuggestion() {
        Cli.Result result = Cli.run("demoo");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'demoo'", "Did you mean", "calibrax demo");
    }

    @Test
    void unknownOptionIsNamed() {
        Cli.Result result = Cli.run("gpu", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("calibrax gpu", "'--frobnicate'", "calibrax gpu --help");
    }

    @Test
    void badDurationIsNamedWithTheOptionAndTheExpectedForm() {
        Cli.Result result = Cli.run("test-handlers", "--timeout", "5x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--timeout'", "'5x'", "500ms, 1.5s, 2m");
    }

    @Test
    void missingConfigFileIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");

        Cli.Result result = Cli.run("gpu", "--config", missing.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--config'", "file not found", missing.toString());
    }

    @Test
    void versionNamesTheCommand() {
        Cli.Result result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("calibrax ");
    }
}
