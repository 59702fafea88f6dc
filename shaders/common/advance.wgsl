// Fused GD steps of one lane (docs/equations.md, "The step"), the loop both kernel families share: their entry
// points (common/step.wgsl: a lane per invocation; common/step_wg.wgsl: a workgroup per lane) call advance().
// Vec and its operations (vload, vdot, vaxpy, ...) are the family's: values in function memory in the lane
// family, handles on storage in the workgroup family. For each iterate t in [stepStart, stepEnd):
//   L_t, g_t = loss_grad(w_t)                    (the model's closed-form gradient)
//   diverged at the first t with !(|L_t| <= maxLoss)   (NaN fails every comparison): status = t + 1
//   at event steps only: sharpness (power.wgsl) when t % sharpEvery == 0 or t = S (unless no one reads it:
//   finalSharp = 0; held in between), the
//     recorded observables, the classification orbit (output, loss) of the last W iterates and the tangent
//     map e <- (I - lr H) e / ||.|| with sum log ||(I - lr H) e|| (LYAPUNOV), and at t = S the `latest` rows
//   w_{t+1} = w_t - m_{t+1},  m_{t+1} = beta m_t + s(L_t, ||g_t||) g_t   (optimizer.wgsl)
//   MEASURE: v_t = min(L_t / L_0, 1e6) (non-finite: 1e6), running sums of v_t and 1 / v_t.
//   observe(w_t, h, balance) -> (output, balance): `balance` is true only where the balance is kept (a
//     recorded iterate, t = S); elsewhere (the classification window) a model may skip it and return 0.
// The hot inner loop runs from one event step to the next with no branches and no exits: loop exits and
// rarely taken branches in it cost 2-8x on SwiftShader (measured), and nothing on a real GPU is lost by
// keeping it straight. A diverged lane keeps computing NaNs until the dispatch ends; they are never stored.
// Rows of `latest`, `record`, `orbit` and `status` are written by the lane's leading invocation (leads()).
// SHARP (a run's constant) is false where no sharpness is ever evaluated: the power iteration is compiled out
// and the sharpness rows and eigenvector stay 0, unread; MEASURE false leaves the measure's rows unread too.
// SwiftShader runs every instruction of a kernel for every invocation, untaken branches included, so only
// constants remove code there (bench/RESULTS.md, 2026-12-07). The lean variants of this loop, for dispatches of
// one kind of step, are in common/advance_lean.wgsl.

// Evaluation at an event iterate t (the loop's events below, and S in advance_lean's LIGHT variant): L_t and
// g_t, the divergence test, the measure, the observables (the balance where recorded or at S), the record, the
// window's orbit and ranges, and at S the `latest` rows. Returns L_t; *g holds g_t.
fn evaluate(lane: u32, t: u32, w: ptr<function, Vec>, g: ptr<function, Vec>, mh: ModelHyper, h: ptr<function, Held>, acc: ptr<function, Measure>, bad: ptr<function, u32>) -> f32 {
  let last = t == u.totalSteps;
  let loss = loss_grad(w, mh, g);
  *bad = min(*bad, select(t, NEVER, abs(loss) <= u.maxLoss));
  if (MEASURE) {
    measure_add(acc, loss, t);
  }
  let recorded = t >= u.recordFirst && (t - u.recordFirst) % u.recordEvery == 0u;
  let ob = observe(w, mh, recorded || last);
  let gn = sqrt(vdot(g, g));
  if (recorded && leads()) {
    event_record(lane, (t - u.recordFirst) / u.recordEvery, loss, gn, ob, *h);
  }
  if (t >= u.windowFirst) {
    window_add(lane, h, t, vec2<f32>(ob.x, loss));
  }
  if (last && leads()) {
    final_rows(lane, loss, gn, ob);
  }
  return loss;
}

// Plain steps t in [start, end) (no event, window or record): L_t and w_{t+1} = plain_step(w_t), unrolled by 4
// (SwiftShader does not unroll; the loop's own overhead is a large part of a small model's step there), then the
// remainder one at a time; *bad = min(*bad, the first t with !(|L_t| <= maxLoss)); MEASURE's sums.
fn plain_run(start: u32, end: u32, w: ptr<function, Vec>, m: ptr<function, Vec>, g: ptr<function, Vec>, hv: ptr<function, Vec>, mh: ModelHyper, oh: OptHyper, carry: ptr<function, vec4<f32>>, e: ptr<function, Vec>, sharp: f32, acc: ptr<function, Measure>, bad: ptr<function, u32>) {
  let maxLoss = u.maxLoss;
  var b = *bad;
  var t = start;
  for (; t + 4u <= end && !MEASURE; t += 4u) {
    let l0_ = plain_step(w, m, g, hv, mh, oh, carry, e, sharp);
    let l1_ = plain_step(w, m, g, hv, mh, oh, carry, e, sharp);
    let l2_ = plain_step(w, m, g, hv, mh, oh, carry, e, sharp);
    let l3_ = plain_step(w, m, g, hv, mh, oh, carry, e, sharp);
    b = min(b, select(t, NEVER, abs(l0_) <= maxLoss));
    b = min(b, select(t + 1u, NEVER, abs(l1_) <= maxLoss));
    b = min(b, select(t + 2u, NEVER, abs(l2_) <= maxLoss));
    b = min(b, select(t + 3u, NEVER, abs(l3_) <= maxLoss));
  }
  for (; t < end; t++) {
    let loss = plain_step(w, m, g, hv, mh, oh, carry, e, sharp);
    b = min(b, select(t, NEVER, abs(loss) <= maxLoss));
    if (MEASURE) {
      measure_add(acc, loss, t);
    }
  }
  *bad = b;
}

fn advance(lane: u32) {
  let mh = modelHyper[lane];
  let maxLoss = u.maxLoss;
  var w: Vec;
  var m: Vec;
  var e: Vec;
  var g: Vec;
  var hv: Vec;
  var tan: Vec;
  let begun = lane_begin(lane, &w, &m, &e, &g, &hv, &tan, true);
  var h = begun.held; // the window's sums and ranges: x = output, y = loss
  var oh = begun.oh;
  var acc = begun.acc;
  var bad = NEVER;
  var t = u.stepStart;
  while (t < u.stepEnd) {
    let plainEnd = min(next_event(t), u.stepEnd);
    var carry = vec4<f32>(0.0);
    prime(&w, mh, &carry);
    let light = t >= u.windowFirst || (light_records() && t >= u.recordFirst);
    let segStart = t; // the step size is constant over a segment (the sharpness is held), so time is too
    if (!light) {
      plain_run(t, plainEnd, &w, &m, &g, &hv, mh, oh, &carry, &e, h.sharp, &acc, &bad);
      t = plainEnd;
    } else {
      // Light steps (not events): the plain step plus what the window and stride-1 records need.
      for (; t < plainEnd; t++) {
        let ob = observe(&w, mh, light_records() && t >= u.recordFirst); // the window reads the output alone
        let inWindow = t >= u.windowFirst;
        if (LYAPUNOV && inWindow) {
          h.lyap += tangent_step(&w, mh, oh, &tan, &hv, t);
        }
        let loss = plain_step(&w, &m, &g, &hv, mh, oh, &carry, &e, h.sharp); // the tangent map keeps its own hvp carry
        bad = min(bad, select(t, NEVER, abs(loss) <= maxLoss));
        if (MEASURE) {
          measure_add(&acc, loss, t);
        }
        if (inWindow) {
          window_add(lane, &h, t, vec2<f32>(ob.x, loss));
        }
        if (light_records() && t >= u.recordFirst && leads()) {
          light_record(lane, t - u.recordFirst, loss, ob, h, h.time + f32(t - segStart) * oh.lr);
        }
      }
    }
    h.time += f32(t - segStart) * oh.lr;
    if (t == u.stepEnd) {
      break;
    }
    // Event step t: sharpness first (g is its scratch vector), then evaluate, record, update unless t = S.
    let last = t == u.totalSteps;
    if (SHARP && ((last && u.finalSharp == 1u) || (u.sharpEvery > 0u && t % u.sharpEvery == 0u))) {
      let p = power_iter(&w, mh, &e, &g, &hv, u.sharpIters, u.sharpTol);
      h.sharp = p.x;
      h.resid = p.y;
      if (ADAPTIVE) {
        oh.lr = adaptive_lr(oh, optHyper[lane].lr, h.sharp);
      }
    }
    let loss = evaluate(lane, t, &w, &g, mh, &h, &acc, &bad);
    if (LYAPUNOV && t >= u.windowFirst && !last) {
      h.lyap += tangent_step(&w, mh, oh, &tan, &hv, t);
    }
    if (!last) {
      update(&w, &m, &g, &hv, mh, oh, loss, &e, h.sharp);
      h.time += oh.lr;
    }
    t++;
  }
  lane_end(lane, bad, &w, &m, &e, &tan, h, acc, true);
}
