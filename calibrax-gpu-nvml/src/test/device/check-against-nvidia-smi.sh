#!/usr/bin/env bash
# Device check for calibrax-gpu-nvml, on a machine with NVIDIA GPUs and their driver.
#
# Builds the module (no tests, no fake NVML, so no gcc), reads every GPU through Calibrax between
# two runs of
#   nvidia-smi --query-gpu=name,memory.used,memory.total,utilization.gpu,clocks.gr,clocks.mem,power.draw,temperature.gpu --format=csv
# prints both side by side, and fails where a Calibrax reading lies outside what nvidia-smi showed
# before and after it (plus nvidia-smi's rounding), after three tries. Then checks the fault
# readings (memory percent, lost, throttled, uncorrected volatile ECC errors, MIG devices) against
# `nvidia-smi -q` and `nvidia-smi -L` run before and after them (NvidiaSmiFaultCheck).
#
# Run from anywhere:  calibrax-gpu-nvml/src/test/device/check-against-nvidia-smi.sh
# Environment: MVN (default mvn), CHECK_MAVEN_ARGS (extra Maven arguments, such as -o on a machine
# without network but with a filled ~/.m2), NVIDIA_SMI (default nvidia-smi), CALIBRAX_NVML_LIBRARY
# (an NVML library file to load instead of the driver's), JAVA (default java), CHECK_CLASSPATH (run
# against this class path, which must hold the module's classes and test classes, calibrax-api and
# JNA, instead of building: for a machine without Maven or a network).
# Exit status: 0 Calibrax agrees with nvidia-smi; 1 a reading disagrees; 2 the check could not run
# (the worse of the two halves).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
mvn_cmd="${MVN:-mvn}"
smi="${NVIDIA_SMI:-nvidia-smi}"
java_cmd="${JAVA:-java}"

tools=("$smi" "$java_cmd")
if [[ -z "${CHECK_CLASSPATH:-}" ]]; then
  tools+=("$mvn_cmd")
fi
for tool in "${tools[@]}"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check: '$tool' not found (it needs nvidia-smi, a Java 17+ runtime, and Maven unless CHECK_CLASSPATH is set)" >&2
    exit 2
  fi
done

if [[ -n "${CHECK_CLASSPATH:-}" ]]; then
  classpath="$CHECK_CLASSPATH"
  echo "== using the class path given in CHECK_CLASSPATH (no build)"
else
  echo "== building calibrax-gpu-nvml and its classpath"
  # shellcheck disable=SC2086 # CHECK_MAVEN_ARGS is a list of arguments
  if ! "$mvn_cmd" -B -q ${CHECK_MAVEN_ARGS:-} -pl calibrax-gpu-nvml -am -DskipTests -Dcalibrax.fake-nvml.skip=true \
      test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/device-check.classpath; then
    echo "check: the build failed" >&2
    exit 2
  fi

  module=calibrax-gpu-nvml/target
  classpath="$module/test-classes:$module/classes:$(cat "$module/device-check.classpath")"
fi

echo "== $smi -L"
"$smi" -L || true
echo "== driver: $("$smi" --query-gpu=driver_version --format=csv,noheader 2>/dev/null | head -n 1 || echo unknown)"

set +e
"$java_cmd" -cp "$classpath" -Dcalibrax.check.nvidia-smi="$smi" io.calibrax.gpu.nvml.NvidiaSmiCheck
status=$?
echo "== readings: exit status $status"
echo "== fault readings against $smi -q and $smi -L"
"$java_cmd" -cp "$classpath" -Dcalibrax.check.nvidia-smi="$smi" io.calibrax.gpu.nvml.NvidiaSmiFaultCheck
faults=$?
set -e
echo "== fault readings: exit status $faults"
if (( faults > status )); then
  status=$faults
fi
echo "== exit status $status (0 agree, 1 disagree, 2 could not run)"
exit "$status"
