// What a lane carries in `latest` and `state` from one step dispatch to the next, and the rows the step
// kernels write (docs/equations.md, "The step"; row and block numbers: common/lanes.wgsl). Shared by the
// general step loop (common/advance.wgsl) and its lean variants (common/advance_lean.wgsl), so all three read,
// write and round alike:
//   Held      sharpness, residual and time, the window's sum of log ||J e|| and (output, loss) ranges
//   Measure   Sohl-Dickstein's sums (MEASURE), stepping.wgsl
//   vectors   w, velocity (MOMENTUM), eigenvector (SHARP or exp-euler), tangent (LYAPUNOV)
// A plain dispatch (window = false) neither reads nor writes the window's rows or the sharpness.

override SHARP: bool; // the run evaluates the sharpness (sharpEvery > 0 or finalSharp = 1)

// The rows of `latest` a lane carries from one dispatch to the next, beyond the observables.
struct Held {
  sharp: f32,     // the last sharpness evaluated (0 before any; held in between)
  resid: f32,     // its relative residual
  time: f32,      // sum of the steps taken: the gradient flow's time
  lyap: f32,      // the window's sum of log ||J e||
  lo: vec2<f32>,  // the window's (output, loss) minima so far
  hi: vec2<f32>,  // and maxima
}

fn held_load(lane: u32, window: bool) -> Held {
  let L = u.lanes;
  var h = Held(0.0, 0.0, latest[OBS_TIME * L + lane], 0.0, vec2<f32>(0.0), vec2<f32>(0.0));
  if (SHARP) {
    h.sharp = latest[OBS_SHARPNESS * L + lane];
    h.resid = latest[OBS_RESIDUAL * L + lane];
  }
  if (window) {
    h.lyap = latest[ACC_LYAP * L + lane];
    h.lo = vec2<f32>(latest[ACC_WIN_OUT_LO * L + lane], latest[ACC_WIN_LOSS_LO * L + lane]);
    h.hi = vec2<f32>(latest[ACC_WIN_OUT_HI * L + lane], latest[ACC_WIN_LOSS_HI * L + lane]);
  }
  return h;
}

fn held_store(lane: u32, h: Held, window: bool) {
  let L = u.lanes;
  latest[OBS_TIME * L + lane] = h.time;
  if (!window) {
    return; // a plain dispatch holds the sharpness and leaves the window's rows untouched
  }
  if (SHARP) {
    latest[OBS_SHARPNESS * L + lane] = h.sharp;
    latest[OBS_RESIDUAL * L + lane] = h.resid;
  }
  latest[ACC_LYAP * L + lane] = h.lyap;
  latest[ACC_WIN_OUT_LO * L + lane] = h.lo.x;
  latest[ACC_WIN_LOSS_LO * L + lane] = h.lo.y;
  latest[ACC_WIN_OUT_HI * L + lane] = h.hi.x;
  latest[ACC_WIN_LOSS_HI * L + lane] = h.hi.y;
}

fn measure_load(lane: u32) -> Measure {
  let L = u.lanes;
  if (!MEASURE) {
    return Measure(0.0, 0.0, 0.0);
  }
  return Measure(latest[ACC_L0 * L + lane], latest[ACC_SUM_V * L + lane], latest[ACC_SUM_INV * L + lane]);
}

fn measure_store(lane: u32, acc: Measure) {
  let L = u.lanes;
  if (MEASURE) {
    latest[ACC_L0 * L + lane] = acc.l0;
    latest[ACC_SUM_V * L + lane] = acc.sumV;
    latest[ACC_SUM_INV * L + lane] = acc.sumInv;
  }
}

// The lane's vectors: w, the velocity (MOMENTUM), the eigenvector (the power iteration's warm start and
// exp-euler's direction) and the tangent (LYAPUNOV, where `window`).
fn vectors_load(lane: u32, w: ptr<function, Vec>, m: ptr<function, Vec>, e: ptr<function, Vec>, tan: ptr<function, Vec>, window: bool) {
  vload(0u, lane, w);
  if (MOMENTUM) {
    vload(VEL_BLOCK, lane, m);
  }
  if (SHARP || EXP_EULER) {
    vload(EIG_BLOCK, lane, e);
  }
  if (LYAPUNOV && window) {
    vload(TAN_BLOCK, lane, tan);
  }
}

fn vectors_store(lane: u32, w: ptr<function, Vec>, m: ptr<function, Vec>, e: ptr<function, Vec>, tan: ptr<function, Vec>, window: bool) {
  vstore(0u, lane, w);
  if (MOMENTUM) {
    vstore(VEL_BLOCK, lane, m);
  }
  if (SHARP || EXP_EULER) {
    vstore(EIG_BLOCK, lane, e);
  }
  if (LYAPUNOV && window) {
    vstore(TAN_BLOCK, lane, tan);
  }
  vkeep(lane);
}

// The lane's optimizer constants for a dispatch: its step size from the held sharpness (adaptive-gd, flow) and
// from the spectrum pass's next eigenvalue (exp-euler, k >= 2), which the host refreshes between dispatches.
fn lane_hyper(lane: u32, sharp: f32) -> OptHyper {
  var oh = optHyper[lane];
  if (ADAPTIVE) {
    oh.lr = adaptive_lr(oh, optHyper[lane].lr, sharp);
  }
  if (EXP_EULER && STIFF_K > 1u) {
    oh.lr = stiff_dt(oh.lr, stiff[STIFF_K * u.lanes + lane]);
  }
  return oh;
}

// Iterate t of the window: orbit[t - windowFirst] = x = (output, loss), and the window's ranges.
fn window_add(lane: u32, h: ptr<function, Held>, t: u32, x: vec2<f32>) {
  let slot = t - u.windowFirst;
  if (leads()) {
    orbit[slot * u.lanes + lane] = x;
  }
  (*h).lo = select(min((*h).lo, x), x, slot == 0u);
  (*h).hi = select(max((*h).hi, x), x, slot == 0u);
}

// A recorded iterate of the light loop (stride 1, no gradient norm: stepping.wgsl light_records).
fn light_record(lane: u32, slot: u32, loss: f32, ob: vec2<f32>, h: Held, time: f32) {
  record_value(REC_LOSS, slot, lane, loss);
  record_value(REC_OUTPUT, slot, lane, ob.x);
  record_value(REC_BALANCE, slot, lane, ob.y);
  record_value(REC_SHARPNESS, slot, lane, h.sharp);
  record_value(REC_RESIDUAL, slot, lane, h.resid);
  record_value(REC_TIME, slot, lane, time);
}

// A recorded event iterate: every observable.
fn event_record(lane: u32, slot: u32, loss: f32, gn: f32, ob: vec2<f32>, h: Held) {
  light_record(lane, slot, loss, ob, h, h.time);
  record_value(REC_GRAD_NORM, slot, lane, gn);
}

// The observables at the last iterate S.
fn final_rows(lane: u32, loss: f32, gn: f32, ob: vec2<f32>) {
  let L = u.lanes;
  latest[OBS_LOSS * L + lane] = loss;
  latest[OBS_GRAD_NORM * L + lane] = gn;
  latest[OBS_OUTPUT * L + lane] = ob.x;
  latest[OBS_BALANCE * L + lane] = ob.y;
}

// What a step dispatch starts from: the held rows, the lane's optimizer constants and the measure's sums, after
// loading the lane's vectors (and binding the family's scratch ones).
struct Begun {
  held: Held,
  oh: OptHyper,
  acc: Measure,
}

fn lane_begin(lane: u32, w: ptr<function, Vec>, m: ptr<function, Vec>, e: ptr<function, Vec>, g: ptr<function, Vec>, hv: ptr<function, Vec>, tan: ptr<function, Vec>, window: bool) -> Begun {
  vectors_load(lane, w, m, e, tan, window);
  vbind(lane, m, g, hv, tan); // the family's scratch vectors (nothing to do in the lane family)
  laneNow = lane;
  let h = held_load(lane, window);
  return Begun(h, lane_hyper(lane, h.sharp), measure_load(lane));
}

// The end of a step dispatch: the divergence step (status = t + 1 of the first bad iterate), or the vectors and
// the held rows.
fn lane_end(lane: u32, bad: u32, w: ptr<function, Vec>, m: ptr<function, Vec>, e: ptr<function, Vec>, tan: ptr<function, Vec>, h: Held, acc: Measure, window: bool) {
  if (bad != NEVER) {
    if (leads()) {
      status[lane] = bad + 1u;
    }
    return;
  }
  vectors_store(lane, w, m, e, tan, window);
  if (leads()) {
    held_store(lane, h, window);
    measure_store(lane, acc);
  }
}
