// Errors callers branch on: WebGPU missing (show a fallback), and GPU validation or device loss.

/** No WebGPU implementation or no adapter: the one sentence says what is missing and what to do. */
export class WebGPUUnavailableError extends Error {
  constructor(message: string) {
    super(`[eos-lab] ${message}`);
    this.name = 'WebGPUUnavailableError';
  }
}

/** A WebGPU validation/out-of-memory error raised while running a kernel, or a lost device. */
export class GPUFailureError extends Error {
  constructor(message: string) {
    super(`[eos-lab] ${message}`);
    this.name = 'GPUFailureError';
  }
}
