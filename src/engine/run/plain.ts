// Which step dispatches may run the PLAIN variant of the step kernel (common/advance.wgsl): those whose
// iterates [start, end) hold no event step (no sharpness evaluation, no recorded iterate, not the last
// iterate S), no iterate of the classification window and no record. In them the kernel is the plain loop
// alone; on the software GPU, which runs every instruction of a kernel for every invocation, untaken
// branches included, that is ~1.5x faster (bench/RESULTS.md, 2026-12-07).
import type { Plan } from '../plan/plan.js';

/** The first iterate the step kernel records (S + 1 when nothing is recorded): its uniform recordFirst. */
export function recordFirst(plan: Plan): number {
  return plan.recordSteps.length ? (plan.recordSteps[0] as number) : plan.spec.steps + 1;
}

/**
 * True when some dispatch of the run can be plain: a lane-family run (the workgroup family's steps are its
 * matmuls, and its pipelines take 25-50 s to compile on the software GPU: a second one is not worth it) whose
 * sharpness is never evaluated on a stride (a stride's events fall inside almost every submit) and whose
 * window and record start after iterate 0.
 */
export function hasPlainSteps(plan: Plan): boolean {
  return (
    plan.family === 'lane' &&
    plan.spec.sharpness.every === 0 &&
    Math.min(plan.windowFirst, recordFirst(plan)) > 0
  );
}

/** True when iterates [start, end) are all plain steps (end <= the window's first and the first recorded). */
export function plainRange(plan: Plan, start: number, end: number): boolean {
  return hasPlainSteps(plan) && start < end && end <= Math.min(plan.windowFirst, recordFirst(plan));
}
