package io.calibrax.resources;

import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one process and all its descendants, found again by parent PID at every call. Two ways:
 * on Linux through {@code /proc} with OSHI's own parser ({@link ProcFsTreeReader}: each process's
 * children listed by the kernel, a few reads per process), elsewhere through OSHI's portable
 * process API ({@link #portable}, which scans every process of the host). Not thread-safe.
 */
interface ProcessTreeReader {

    /** One process's readings; {@code openFiles} is negative where unknown. */
    record Reading(int pid, long startTime, long cpuMillis, long rssBytes, long threads, long openFiles) {
        /** Stays the same while the process lives; a reused PID gets another. */
        String identity() {
            return pid + "@" + startTime;
        }
    }

    /** The root first, then its descendants; empty once the root has ended. */
    List<Reading> read(int rootPid);

    /** The fast {@code /proc} reader on Linux where the kernel lists children, else the portable one. */
    static ProcessTreeReader forThisPlatform(SystemInfo info) {
        return ProcFsTreeReader.isAvailable() ? new ProcFsTreeReader() : portable(info.getOperatingSystem());
    }

    /** Through OSHI's portable API: works wherever OSHI does, at the cost of a scan of every process. */
    static ProcessTreeReader portable(OperatingSystem os) {
        return rootPid -> {
            OSProcess root = os.getProcess(rootPid);
            if (root == null) {
                return List.of();
            }
            List<Reading> tree = new ArrayList<>();
            tree.add(reading(root));
            os.getDescendantProcesses(rootPid, null, null, 0).forEach(process -> tree.add(reading(process)));
            return tree;
        };
    }

    private static Reading reading(OSProcess process) {
        return new Reading(process.getProcessID(), process.getStartTime(), process.getKernelTime() + process.getUserTime(),
                process.getResidentSetSize(), process.getThreadCount(), process.getOpenFiles());
    }
}
