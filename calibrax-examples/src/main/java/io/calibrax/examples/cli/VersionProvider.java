package io.calibrax.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** The version written in the JAR's manifest, or "development build" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = CalibraxCommand.class.getPackage().getImplementationVersion();
        return new String[] {"calibrax " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
