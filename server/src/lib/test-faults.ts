// Fault hooks for the fault-injection tests: they exist only when VIGIL_TEST_FAULTS=1 is set in the
// environment, never by default. A hook makes a component fail the way a real failure would (a
// detector worker thread exits between runs) at a moment the test chooses, with a signal.

/** True when the process was started for fault-injection tests. */
export function testFaultsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.VIGIL_TEST_FAULTS === '1';
}

/**
 * The signal that triggers the detector fault: the next detection request reaching a worker makes
 * that worker thread exit (code 70) before onnxruntime runs, so its request is lost and the pool
 * must restart it. (Killing a thread while onnxruntime runs aborts the whole process: see
 * detect/README.md; a thread that exits between runs is what a real crash looks like to the pool.)
 */
export const DETECTOR_FAULT_SIGNAL = 'SIGUSR2';

/** Exit code of a worker ended by the fault hook. */
export const FAULT_EXIT_CODE = 70;
