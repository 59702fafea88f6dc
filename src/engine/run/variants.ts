// Which step dispatches may run a lean variant of the step kernel (common/advance_lean.wgsl), a pipeline each:
//   PLAIN  iterates [start, end) hold no event step (no sharpness evaluation, no recorded iterate, not the last
//          iterate S), no iterate of the classification window and no record: the plain loop alone;
//   LIGHT  every iterate of [start, end) is in the window, and none but S is an event (a sharpness stride, a
//          record other than stride-1 records without the gradient norm, stepping.wgsl light_records, or the
//          start of those): the light loop and S's event.
// On the software GPU, which runs every instruction of a kernel for every invocation, untaken branches
// included, each is faster than the general kernel (bench/RESULTS.md, 2026-12-07); on a real GPU they cost a
// pipeline each and change nothing else. The host cuts submits at the window's start (tile.ts), so a submit
// in the window holds window steps only.
import type { Plan } from '../plan/plan.js';

/** The first iterate the step kernel records (S + 1 when nothing is recorded): its uniform recordFirst. */
export function recordFirst(plan: Plan): number {
  return plan.recordSteps.length ? (plan.recordSteps[0] as number) : plan.spec.steps + 1;
}

/**
 * True when the run may use lean variants at all: a lane-family run (the workgroup family's steps are its
 * matmuls, and its pipelines take 25-50 s to compile on the software GPU: a second one is not worth it) whose
 * sharpness is never evaluated on a stride (a stride's events fall inside almost every submit).
 */
function lean(plan: Plan): boolean {
  return plan.family === 'lane' && plan.spec.sharpness.every === 0;
}

/** True when some dispatch of the run can be plain: the window and the record start after iterate 0. */
export function hasPlainSteps(plan: Plan): boolean {
  return lean(plan) && Math.min(plan.windowFirst, recordFirst(plan)) > 0;
}

/** True when iterates [start, end) are all plain steps (end <= the window's first and the first recorded). */
export function plainRange(plan: Plan, start: number, end: number): boolean {
  return hasPlainSteps(plan) && start < end && end <= Math.min(plan.windowFirst, recordFirst(plan));
}

/** Records the light loop writes: every iterate from recordFirst on, the gradient norm not among them. */
function lightRecords(plan: Plan): boolean {
  const r = plan.spec.record;
  return plan.recordSteps.length > 0 && r.every === 1 && !r.observables.includes('gradNorm');
}

/** True when some dispatch of the run can be light: the window holds an iterate before S. */
export function hasLightSteps(plan: Plan): boolean {
  return lean(plan) && plan.windowFirst < plan.spec.steps;
}

/** The first recorded iterate at or after t (Infinity when none). */
function nextRecord(plan: Plan, t: number): number {
  const first = recordFirst(plan);
  if (!plan.recordSteps.length) return Infinity;
  const every = plan.spec.record.every;
  return t <= first ? first : first + Math.ceil((t - first) / every) * every;
}

/**
 * True when iterates [start, end) are light steps but S: all in the window, and either none before S is
 * recorded or records are light and began by `start`. (The window runs to S, so none is a plain step; S's own
 * record is its event's.) The general kernel ends a segment where light records begin, which rounds the
 * flow's time differently, so a range may not straddle that iterate.
 */
export function lightRange(plan: Plan, start: number, end: number): boolean {
  if (!hasLightSteps(plan) || start >= end || start < plan.windowFirst) return false;
  return (
    nextRecord(plan, start) >= Math.min(end, plan.spec.steps) ||
    (lightRecords(plan) && recordFirst(plan) <= start)
  );
}
