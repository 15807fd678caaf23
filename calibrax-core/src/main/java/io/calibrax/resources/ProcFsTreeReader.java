package io.calibrax.resources;

import oshi.driver.linux.proc.ProcessStat;
import oshi.software.os.linux.LinuxOperatingSystem;
import oshi.util.tuples.Triplet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A process tree through Linux's {@code /proc}: the children of each process from the kernel's
 * {@code /proc/<pid>/task/<tid>/children} lists, each process's times, memory and threads from
 * {@code /proc/<pid>/stat} with OSHI's parser, its open files counted in {@code /proc/<pid>/fd}. A few
 * reads per process of the tree, however many processes the host runs. Not thread-safe.
 */
final class ProcFsTreeReader implements ProcessTreeReader {
    private static final Path PROC = Path.of("/proc");

    private final long hz = LinuxOperatingSystem.getHz();
    private final long pageSize = LinuxOperatingSystem.getPageSize();

    /** True on Linux with a kernel that lists children ({@code CONFIG_PROC_CHILDREN}). */
    static boolean isAvailable() {
        long self = ProcessHandle.current().pid();
        return Files.isReadable(PROC.resolve(self + "/task/" + self + "/children"));
    }

    @Override
    public List<Reading> read(int rootPid) {
        List<Reading> tree = new ArrayList<>();
        Deque<Integer> pending = new ArrayDeque<>();
        pending.add(rootPid);
        while (!pending.isEmpty()) {
            int pid = pending.poll();
            Triplet<String, Character, Map<ProcessStat.PidStat, Long>> stat = ProcessStat.getPidStats(pid);
            if (stat == null) {
                if (pid == rootPid) {
                    return List.of(); // the root ended: there is no tree any more
                }
                continue; // ended between its parent's listing and now
            }
            Map<ProcessStat.PidStat, Long> values = stat.getC();
            long ticks = values.get(ProcessStat.PidStat.UTIME) + values.get(ProcessStat.PidStat.STIME);
            tree.add(new Reading(pid, values.get(ProcessStat.PidStat.STARTTIME), ticks * 1000 / hz,
                    values.get(ProcessStat.PidStat.RSS) * pageSize, values.get(ProcessStat.PidStat.NUM_THREADS),
                    openFiles(pid)));
            addChildren(pid, pending);
        }
        return tree;
    }

    /** The entries of {@code /proc/<pid>/fd}, counted without building a file per entry; -1 if unreadable. */
    private static long openFiles(int pid) {
        long count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(PROC.resolve(pid + "/fd"))) {
            for (Path ignored : files) {
                count++;
            }
            return count;
        } catch (IOException | SecurityException e) {
            return -1; // another user's process, or it ended
        }
    }

    /** Every thread of a process may have children: each thread's list, read as the kernel gives it. */
    private static void addChildren(int pid, Deque<Integer> pending) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
            for (Path task : tasks) {
                String children;
                try {
                    children = Files.readString(task.resolve("children"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                for (String child : children.trim().split("\\s+")) {
                    if (!child.isEmpty()) {
                        pending.add(Integer.parseInt(child));
                    }
                }
            }
        } catch (IOException e) {
            // the process ended after its stat was read: it has no children to add
        }
    }
}
