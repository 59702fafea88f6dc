// How the host learns that a step submit is done without taking CPU from the GPU.
//
// Node's `webgpu` bindings poll the device on every event-loop turn (setImmediate) while any GPU promise is
// pending. On the software GPU that poll is a third busy thread beside SwiftShader's two workers on a 2-core
// machine: a 7 s submit of workgroup-family work finished in ~5 s when the host slept through it
// (bench/RESULTS.md). So each submit clears a 4-byte marker buffer, and a quiet wait probes the marker now
// and then: it asks to map it, lets the bindings poll for PROBE_MS, and cancels the map (unmap) when the
// submit is not done yet, which ends the poll. A map resolves when the last submit that used the buffer is
// done, not the submits queued after it, so the second submit in flight keeps the GPU busy in between.

/** How long one probe lets the bindings poll before it cancels its map. */
export const PROBE_MS = 1;

/** True in a page (a document exists): the GPU runs in the browser's GPU process, and a tab must stay responsive. */
export function inBrowser(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== 'undefined';
}

/** Quiet waits by default in Node on a software GPU, whose workers share the host's cores with the poll. */
export function defaultQuietWait(softwareGpu: boolean): boolean {
  return softwareGpu && !inBrowser();
}

/**
 * The pause between probes: an eighth of the submit's expected duration (submits grow at most 4x a time, so
 * the one queued behind it outlasts the host's lateness), within 1-50 ms.
 */
export function probeInterval(expectedMs: number): number {
  return Math.min(50, Math.max(1, expectedMs / 8));
}

const sleep = (ms: number) => new Promise<undefined>((resolve) => setTimeout(resolve, ms));

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
   * Resolves once the submit that cleared `marker` is done: by probing every `intervalMs` when given (quiet),
   * else by one map the bindings poll for. A failed map (device lost) rejects.
   */
  async done(marker: GPUBuffer, intervalMs?: number): Promise<void> {
    try {
      if (intervalMs === undefined) {
        await marker.mapAsync(GPUMapMode.READ, 0, 4);
        marker.unmap();
      } else while (!(await probeSubmit(marker))) await sleep(intervalMs);
    } finally {
      this.free.push(marker);
    }
  }

  destroy(): void {
    for (const buf of this.all) buf.destroy();
  }
}

/** True when the marker's submit is done; the marker is left unmapped either way. */
export async function probeSubmit(marker: GPUBuffer): Promise<boolean> {
  let cancelled = false;
  const map = marker.mapAsync(GPUMapMode.READ, 0, 4).then(
    () => true,
    (e: unknown) => {
      if (cancelled) return false; // our unmap() below
      throw e;
    },
  );
  if ((await Promise.race([map, sleep(PROBE_MS)])) !== true) cancelled = true;
  marker.unmap(); // unmaps a done map, or cancels a pending one (map then resolves false)
  return map;
}

/**
 * Steps per submit for one kind of step (those before the classification window, or those in it, which
 * cost more with the tangent map or less in the light loop), moved toward the budget by each completed
 * submit and carried over to the next tile, with the milliseconds per step last measured.
 *
 * A submit costs a fixed part plus a part per step. On the software GPU the fixed part is large: SwiftShader
 * runs every instruction of a kernel for every invocation, branches not taken included (a uniform `if` saves
 * nothing; bench/RESULTS.md, 2026-12-07), so a step dispatch costs ~0.2 us a lane whatever its steps, half a
 * second for a 2M-lane tile. Two submits of different lengths give both parts (ms = fixed + steps x per
 * step), kept as the pacer's model; later submits of the same length refresh the fixed part with the known
 * per-step cost. With a model, the next submit takes the steps that fill the budget after the fixed part, or,
 * where that part is large, enough steps that it stays under a quarter of the submit. Before a model exists, a
 * submit under budget grows it (scaled to the budget, at most 4x), and one over budget halves it: scaling down
 * by the budget alone would take a fixed part for a per-step one and cut a tile into many dispatches, each
 * paying the fixed part again (55 dispatches for the 18 tiles of a 4096^2 map, where 20 do).
 */
export class StepPacer {
  stepsPerSubmit = 4;
  msPerStep = 0;
  /** The fixed milliseconds of a submit, as last estimated. */
  fixedMs = 0;
  /** True once two submits of different lengths have given a per-step cost. */
  private modelled = false;
  private last: { steps: number; ms: number } | undefined;

  settled(steps: number, ms: number, budgetMs: number): void {
    const prev = this.last;
    this.last = { steps, ms };
    if (prev && prev.steps !== steps) {
      const perStep = (ms - prev.ms) / (steps - prev.steps);
      if (perStep > 0) {
        this.msPerStep = perStep;
        this.modelled = true;
      }
    }
    const cur = this.stepsPerSubmit;
    let want: number;
    if (this.modelled) {
      this.fixedMs = Math.max(0, Math.min(ms, ms - this.msPerStep * steps));
      // The budget after the fixed part, but never so few steps that the fixed part is over a quarter of
      // the submit (on the software GPU a big tile's fixed part is most of the budget).
      want = Math.max(budgetMs - this.fixedMs, 3 * this.fixedMs) / this.msPerStep;
    } else {
      this.msPerStep = ms / steps;
      want = ms <= budgetMs ? cur * (budgetMs / ms) : cur / 2;
    }
    this.stepsPerSubmit = Math.min(1e6, Math.max(1, Math.min(4 * cur, Math.max(0.25 * cur, want))));
  }
}

/**
 * The end of the next submit from t: the pacer's steps, within `limit` (the next event or the window's start);
 * a remainder shorter than half a submit joins this one (each submit costs its fixed part again).
 */
export function submitEnd(t: number, limit: number, stepsPerSubmit: number): number {
  const n = Math.max(1, Math.round(stepsPerSubmit));
  return limit - (t + n) < n / 2 ? limit : t + n;
}
