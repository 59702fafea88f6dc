// How the host learns that a step submit is done without taking CPU from the GPU.
//
// Node's `webgpu` bindings poll the device on every event-loop turn (setImmediate) while any GPU promise is
// pending. On the software GPU that poll is a third busy thread beside SwiftShader's two workers on a 2-core
// machine: a 7 s submit of workgroup-family work finished in ~5 s when the host slept through it
// (bench/RESULTS.md). So each submit clears a 4-byte marker buffer, and the host sleeps until shortly
// before the submit's forecast end and only then maps the marker: mapAsync resolves when the last submit
// that used the buffer is done, not the submits queued after it, so the second submit in flight keeps the
// GPU busy while the host sleeps. The forecast comes from the milliseconds per step of completed submits;
// waking early costs a short poll, and the measured end then corrects the forecast.

/** The fraction of a submit's forecast duration the host sleeps through before it asks for the end. */
export const QUIET_FRACTION = 0.9;

/** Quiet waits by default in Node (the bindings poll); a browser's GPU process does not spin the page. */
/**
 * A map that resolves within this many milliseconds of the host waking found its submit already done: the
 * submit ended at some unknown time before, so its duration is an upper bound and the forecast that woke the
 * host late is cut by CENSORED_SHRINK (waking early costs a short poll; waking after the second submit in
 * flight has also ended would idle the GPU).
 */
export const DONE_WITHIN_MS = 2;
export const CENSORED_SHRINK = 0.8;

/** Quiet waits by default in Node on a software GPU, whose workers share the host's cores with the poll. */
export function defaultQuietWait(softwareGpu: boolean): boolean {
  const browser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
  return softwareGpu && !browser;
}

/**
 * Pacing of one kind of step (those before the classification window, or those in it, which cost more
 * with the tangent map or less in the light loop): the steps per submit, adapted toward the budget, and the
 * forecast of a submit's duration, `perStep` ms an iterate plus `perEvent` ms a sharpness event (a power
 * iteration costs tens of steps), both learnt from completed submits.
 */
export class StepPacer {
  /** Iterates in the next submit; adapted from completed submits and carried over to the next tile. */
  stepsPerSubmit = 4;
  private perStep: number | undefined;
  private perEvent = 0;

  /** The forecast in milliseconds, or 0 while no submit without events has been measured. */
  forecastMs(steps: number, events: number): number {
    return this.perStep === undefined ? 0 : this.perStep * steps + this.perEvent * events;
  }

  /**
   * A completed submit: `ms` as measured, `early` when it was done before the host woke (an upper bound);
   * `learn` false for a submit that also held other passes (the spectrum pass, snapshots).
   */
  settled(steps: number, events: number, ms: number, early: boolean, budgetMs: number, learn = true): void {
    const factor = Math.min(4, Math.max(0.25, budgetMs / ms));
    this.stepsPerSubmit = Math.min(1e6, Math.max(1, this.stepsPerSubmit * factor));
    if (!learn) return;
    const m = early ? CENSORED_SHRINK * ms : ms;
    if (events === 0) this.perStep = m / steps;
    else if (this.perStep !== undefined) {
      if (m < this.perStep * steps) this.perStep = m / steps;
      this.perEvent = (m - this.perStep * steps) / events;
    }
  }
}

/** Sharpness events among iterates start..end-1 of a run of S steps (common/advance.wgsl's rule). */
export function sharpnessEvents(start: number, end: number, every: number, S: number): number {
  let n = every > 0 ? Math.floor((end - 1) / every) - Math.ceil(start / every) + 1 : 0;
  if (start <= S && S < end && (every === 0 || S % every !== 0)) n++;
  return n;
}

export class SubmitMarks {
  private readonly free: GPUBuffer[] = [];
  private readonly all: GPUBuffer[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
  ) {}

  /** Encodes a marker into the submit being built; hand it to done() after the submit. */
  mark(enc: GPUCommandEncoder): GPUBuffer {
    let buf = this.free.pop();
    if (!buf) {
      buf = this.device.createBuffer({
        label: `${this.label}.submitMarker`,
        size: 4,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      this.all.push(buf);
    }
    enc.clearBuffer(buf);
    return buf;
  }

  /**
   * Resolves with performance.now() once the submit that cleared `marker` is done, first sleeping until
   * `wakeAt` (a performance.now() time) when that lies ahead.
   */
  async done(marker: GPUBuffer, wakeAt = 0): Promise<{ at: number; early: boolean }> {
    const ms = wakeAt - performance.now();
    const slept = ms >= 1;
    if (slept) await new Promise((resolve) => setTimeout(resolve, ms));
    const woke = performance.now();
    try {
      await marker.mapAsync(GPUMapMode.READ, 0, 4);
      marker.unmap();
    } finally {
      this.free.push(marker);
    }
    const at = performance.now();
    return { at, early: slept && at - woke < DONE_WITHIN_MS };
  }

  destroy(): void {
    for (const buf of this.all) buf.destroy();
  }
}
