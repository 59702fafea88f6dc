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
// PLAIN (a pipeline of its own, chosen by the host for a dispatch whose iterates hold no event, no window and
// no record: src/engine/run/tile.ts plainRange) keeps only the plain loop; the light loop, the event step and
// the window's rows are compiled out. SwiftShader runs every instruction of a kernel for every invocation,
// untaken branches included, so the smaller kernel steps ~1.5x faster there (bench/RESULTS.md, 2026-12-07).

override PLAIN: bool; // this dispatch's iterates [stepStart, stepEnd) are all plain steps

fn advance(lane: u32) {
  let L = u.lanes;
  var oh = optHyper[lane];
  let mh = modelHyper[lane];
  let maxLoss = u.maxLoss;
  var w: Vec;
  var m: Vec;
  var e: Vec;
  var g: Vec;
  var hv: Vec;
  var tan: Vec;
  vload(0u, lane, &w);
  if (MOMENTUM) {
    vload(VEL_BLOCK, lane, &m);
  }
  vload(EIG_BLOCK, lane, &e);
  if (LYAPUNOV && !PLAIN) {
    vload(TAN_BLOCK, lane, &tan);
  }
  vbind(lane, &m, &g, &hv, &tan); // the family's scratch vectors (nothing to do in the lane family)
  var sharp = latest[OBS_SHARPNESS * L + lane];
  var resid = latest[OBS_RESIDUAL * L + lane];
  var time = latest[OBS_TIME * L + lane]; // sum of the steps taken: the gradient flow's time
  if (ADAPTIVE) {
    oh.lr = adaptive_lr(oh, optHyper[lane].lr, sharp);
  }
  laneNow = lane;
  if (EXP_EULER && STIFF_K > 1u) {
    // The spectrum pass refreshes `stiff` between dispatches, each of which starts at a sharpness evaluation.
    oh.lr = stiff_dt(oh.lr, stiff[STIFF_K * L + lane]);
  }
  var acc = Measure(latest[ACC_L0 * L + lane], latest[ACC_SUM_V * L + lane], latest[ACC_SUM_INV * L + lane]);
  // The window's sums and ranges (x = output, y = loss; the classify pass calls a lane converged from the
  // ranges alone): a plain dispatch neither reads nor writes them.
  var lyap = 0.0;
  var lo = vec2<f32>(0.0);
  var hi = vec2<f32>(0.0);
  if (!PLAIN) {
    lyap = latest[ACC_LYAP * L + lane];
    lo = vec2<f32>(latest[ACC_WIN_OUT_LO * L + lane], latest[ACC_WIN_LOSS_LO * L + lane]);
    hi = vec2<f32>(latest[ACC_WIN_OUT_HI * L + lane], latest[ACC_WIN_LOSS_HI * L + lane]);
  }
  var bad = NEVER;
  var t = u.stepStart;
  while (t < u.stepEnd) {
    let plainEnd = select(min(next_event(t), u.stepEnd), u.stepEnd, PLAIN);
    var carry = vec4<f32>(0.0);
    prime(&w, mh, &carry);
    let light = !PLAIN && (t >= u.windowFirst || (light_records() && t >= u.recordFirst));
    let segStart = t; // the step size is constant over a segment (the sharpness is held), so time is too
    if (!light) {
      // Unrolled by 4 (SwiftShader does not unroll; the loop's own overhead is a large part of a small
      // model's step there), then the remainder one at a time.
      for (; t + 4u <= plainEnd && !MEASURE; t += 4u) {
        let l0_ = plain_step(&w, &m, &g, &hv, mh, oh, &carry, &e, sharp);
        let l1_ = plain_step(&w, &m, &g, &hv, mh, oh, &carry, &e, sharp);
        let l2_ = plain_step(&w, &m, &g, &hv, mh, oh, &carry, &e, sharp);
        let l3_ = plain_step(&w, &m, &g, &hv, mh, oh, &carry, &e, sharp);
        bad = min(bad, select(t, NEVER, abs(l0_) <= maxLoss));
        bad = min(bad, select(t + 1u, NEVER, abs(l1_) <= maxLoss));
        bad = min(bad, select(t + 2u, NEVER, abs(l2_) <= maxLoss));
        bad = min(bad, select(t + 3u, NEVER, abs(l3_) <= maxLoss));
      }
      for (; t < plainEnd; t++) {
        let loss = plain_step(&w, &m, &g, &hv, mh, oh, &carry, &e, sharp);
        bad = min(bad, select(t, NEVER, abs(loss) <= maxLoss));
        if (MEASURE) {
          measure_add(&acc, loss, t);
        }
      }
    } else {
      // Light steps (not events): the plain step plus what the window and stride-1 records need.
      for (; t < plainEnd; t++) {
        let ob = observe(&w, mh, light_records() && t >= u.recordFirst); // the window reads the output alone
        let inWindow = t >= u.windowFirst;
        if (LYAPUNOV && inWindow) {
          lyap += tangent_step(&w, mh, oh, &tan, &hv, t);
        }
        let loss = plain_step(&w, &m, &g, &hv, mh, oh, &carry, &e, sharp); // the tangent map keeps its own hvp carry
        bad = min(bad, select(t, NEVER, abs(loss) <= maxLoss));
        if (MEASURE) {
          measure_add(&acc, loss, t);
        }
        if (inWindow) {
          let x = vec2<f32>(ob.x, loss);
          if (leads()) {
            orbit[(t - u.windowFirst) * L + lane] = x;
          }
          let first = t == u.windowFirst;
          lo = select(min(lo, x), x, first);
          hi = select(max(hi, x), x, first);
        }
        if (light_records() && t >= u.recordFirst && leads()) {
          let slot = t - u.recordFirst;
          record_value(REC_LOSS, slot, lane, loss);
          record_value(REC_OUTPUT, slot, lane, ob.x);
          record_value(REC_BALANCE, slot, lane, ob.y);
          record_value(REC_SHARPNESS, slot, lane, sharp);
          record_value(REC_RESIDUAL, slot, lane, resid);
          record_value(REC_TIME, slot, lane, time + f32(t - segStart) * oh.lr);
        }
      }
    }
    time += f32(t - segStart) * oh.lr;
    if (PLAIN || t == u.stepEnd) {
      break;
    }
    // Event step t: sharpness first (g is its scratch vector), then evaluate, record, update unless t = S.
    let last = t == u.totalSteps;
    if ((last && u.finalSharp == 1u) || (u.sharpEvery > 0u && t % u.sharpEvery == 0u)) {
      let p = power_iter(&w, mh, &e, &g, &hv, u.sharpIters, u.sharpTol);
      sharp = p.x;
      resid = p.y;
      if (ADAPTIVE) {
        oh.lr = adaptive_lr(oh, optHyper[lane].lr, sharp);
      }
    }
    let loss = loss_grad(&w, mh, &g);
    bad = min(bad, select(t, NEVER, abs(loss) <= maxLoss));
    if (MEASURE) {
      measure_add(&acc, loss, t);
    }
    let recorded = t >= u.recordFirst && (t - u.recordFirst) % u.recordEvery == 0u;
    let ob = observe(&w, mh, recorded || last);
    let gn = sqrt(vdot(&g, &g));
    if (recorded && leads()) {
      let slot = (t - u.recordFirst) / u.recordEvery;
      record_value(REC_LOSS, slot, lane, loss);
      record_value(REC_GRAD_NORM, slot, lane, gn);
      record_value(REC_OUTPUT, slot, lane, ob.x);
      record_value(REC_BALANCE, slot, lane, ob.y);
      record_value(REC_SHARPNESS, slot, lane, sharp);
      record_value(REC_RESIDUAL, slot, lane, resid);
      record_value(REC_TIME, slot, lane, time);
    }
    if (t >= u.windowFirst) {
      let slot = t - u.windowFirst;
      let x = vec2<f32>(ob.x, loss);
      if (leads()) {
        orbit[slot * L + lane] = x;
      }
      lo = select(min(lo, x), x, slot == 0u);
      hi = select(max(hi, x), x, slot == 0u);
      if (LYAPUNOV && !last) {
        lyap += tangent_step(&w, mh, oh, &tan, &hv, t);
      }
    }
    if (last && leads()) {
      latest[OBS_LOSS * L + lane] = loss;
      latest[OBS_GRAD_NORM * L + lane] = gn;
      latest[OBS_OUTPUT * L + lane] = ob.x;
      latest[OBS_BALANCE * L + lane] = ob.y;
    }
    if (!last) {
      update(&w, &m, &g, &hv, mh, oh, loss, &e, sharp);
      time += oh.lr;
    }
    t++;
  }
  if (bad != NEVER) {
    if (leads()) {
      status[lane] = bad + 1u;
    }
    return;
  }
  vstore(0u, lane, &w);
  if (MOMENTUM) {
    vstore(VEL_BLOCK, lane, &m);
  }
  vstore(EIG_BLOCK, lane, &e);
  if (LYAPUNOV && !PLAIN) {
    vstore(TAN_BLOCK, lane, &tan);
  }
  vkeep(lane);
  if (!leads()) {
    return;
  }
  latest[OBS_TIME * L + lane] = time;
  latest[ACC_L0 * L + lane] = acc.l0;
  latest[ACC_SUM_V * L + lane] = acc.sumV;
  latest[ACC_SUM_INV * L + lane] = acc.sumInv;
  if (PLAIN) {
    return; // the sharpness is held and the window's rows untouched in a plain dispatch
  }
  latest[OBS_SHARPNESS * L + lane] = sharp;
  latest[OBS_RESIDUAL * L + lane] = resid;
  latest[ACC_LYAP * L + lane] = lyap;
  latest[ACC_WIN_OUT_LO * L + lane] = lo.x;
  latest[ACC_WIN_LOSS_LO * L + lane] = lo.y;
  latest[ACC_WIN_OUT_HI * L + lane] = hi.x;
  latest[ACC_WIN_LOSS_HI * L + lane] = hi.y;
}
