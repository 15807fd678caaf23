/**
 * Helpers shared by Calibrax's own modules and plugins (argument checks, the host name, HTTP
 * transport rules): one version of each instead of a copy per module. Internal: not part of the
 * public API, and it may change without notice; third-party plugins should not use it.
 */
@NullMarked
package io.calibrax.api.internal;

import org.jspecify.annotations.NullMarked;
