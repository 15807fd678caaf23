package io.calibrax.gpu.nvml;

import io.calibrax.api.AlertSeverity;

import java.util.Map;

/**
 * What NVIDIA's XID errors mean and how grave they are, from NVIDIA's XID catalogue. XIDs 48, 63,
 * 64, 74, 79, 94 and 95 (memory that can no longer be trusted, NVLink, a GPU off the bus) are
 * CRITICAL; the others listed are application or driver faults (WARNING or ERROR); an XID this
 * table does not know is an ERROR that says so.
 */
final class XidCatalog {
    private record Entry(String meaning, AlertSeverity severity) {
    }

    private static final Map<Long, Entry> KNOWN = Map.ofEntries(
            entry(13, "graphics engine exception (an application fault)", AlertSeverity.WARNING),
            entry(31, "GPU memory page fault (an application fault)", AlertSeverity.WARNING),
            entry(32, "invalid or corrupted push buffer stream", AlertSeverity.ERROR),
            entry(43, "GPU stopped processing (an application fault)", AlertSeverity.WARNING),
            entry(45, "preemptive cleanup after earlier errors", AlertSeverity.WARNING),
            entry(48, "double-bit ECC error", AlertSeverity.CRITICAL),
            entry(61, "internal micro-controller breakpoint", AlertSeverity.ERROR),
            entry(62, "internal micro-controller halt", AlertSeverity.ERROR),
            entry(63, "ECC page retirement or row remapping recorded", AlertSeverity.CRITICAL),
            entry(64, "ECC page retirement or row remapping failed", AlertSeverity.CRITICAL),
            entry(68, "video processor exception", AlertSeverity.ERROR),
            entry(69, "graphics engine class error", AlertSeverity.ERROR),
            entry(74, "NVLink error", AlertSeverity.CRITICAL),
            entry(79, "GPU has fallen off the bus", AlertSeverity.CRITICAL),
            entry(92, "high single-bit ECC error rate", AlertSeverity.WARNING),
            entry(94, "contained ECC error", AlertSeverity.CRITICAL),
            entry(95, "uncontained ECC error", AlertSeverity.CRITICAL),
            entry(119, "GSP RPC timeout", AlertSeverity.ERROR),
            entry(120, "GSP error", AlertSeverity.ERROR));

    private XidCatalog() {
    }

    private static Map.Entry<Long, Entry> entry(long xid, String meaning, AlertSeverity severity) {
        return Map.entry(xid, new Entry(meaning, severity));
    }

    /** What {@code xid} means: {@code "double-bit ECC error"}, or a pointer to NVIDIA's catalogue. */
    static String meaning(long xid) {
        Entry entry = KNOWN.get(xid);
        return entry != null ? entry.meaning() : "an XID this version of Calibrax does not know (see NVIDIA's XID catalogue)";
    }

    /** CRITICAL for 48, 63, 64, 74, 79, 94, 95; the listed severity, or ERROR for an unknown XID. */
    static AlertSeverity severity(long xid) {
        Entry entry = KNOWN.get(xid);
        return entry != null ? entry.severity() : AlertSeverity.ERROR;
    }
}
