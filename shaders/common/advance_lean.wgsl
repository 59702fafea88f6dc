// Lean variants of the step loop (common/advance.wgsl; docs/equations.md, "The step"): advance_lean() compiled
// with PLAIN or LIGHT, a pipeline each, chosen per dispatch by the host (src/engine/run/variants.ts). Each runs
// the same arithmetic as advance() in the same order, so gives the same bits, without the code its dispatch
// never reaches: SwiftShader runs every instruction of a kernel for every invocation, untaken branches and
// nested loops included, so one flat loop is ~1.3-1.6x faster there per dispatch (bench/RESULTS.md,
// 2026-12-07); a real GPU is unaffected.
//   PLAIN  iterates [stepStart, stepEnd) are all plain steps (no event, window or record): L_t,
//            w_{t+1} = plain_step(w_t), unrolled by 4; diverged at the first !(|L_t| <= maxLoss); MEASURE's sums.
//   LIGHT  iterates [stepStart, min(stepEnd, S)) are all in the window and none is an event; each is
//            o_t = output(w_t), the tangent map (LYAPUNOV), L_t, w_{t+1} = plain_step(w_t),
//            orbit[t - windowFirst] = (o_t, L_t) and its ranges, a record where they are stride-1 records;
//          then, when stepEnd > S, the last iterate S: the sharpness (SHARP and finalSharp), L_S, g_S, records,
//          orbit and the `latest` rows, and no update.

override PLAIN: bool; // this dispatch's iterates are all plain steps
override LIGHT: bool; // they are all light steps in the window but S

fn advance_lean(lane: u32) {
  let mh = modelHyper[lane];
  let maxLoss = u.maxLoss;
  var w: Vec;
  var m: Vec;
  var e: Vec;
  var g: Vec;
  var hv: Vec;
  var tan: Vec;
  let begun = lane_begin(lane, &w, &m, &e, &g, &hv, &tan, LIGHT);
  var h = begun.held; // the window's sums and ranges: x = output, y = loss
  var oh = begun.oh;
  var acc = begun.acc;
  var carry = vec4<f32>(0.0);
  prime(&w, mh, &carry);
  var bad = NEVER;
  var t = u.stepStart;
  if (PLAIN) {
    plain_run(t, u.stepEnd, &w, &m, &g, &hv, mh, oh, &carry, &e, h.sharp, &acc, &bad);
    t = u.stepEnd;
    h.time += f32(u.stepEnd - u.stepStart) * oh.lr;
  } else {
    let end = min(u.stepEnd, u.totalSteps);
    for (; t < end; t++) {
      let ob = observe(&w, mh, light_records() && t >= u.recordFirst);
      if (LYAPUNOV) {
        h.lyap += tangent_step(&w, mh, oh, &tan, &hv, t);
      }
      let loss = plain_step(&w, &m, &g, &hv, mh, oh, &carry, &e, h.sharp);
      bad = min(bad, select(t, NEVER, abs(loss) <= maxLoss));
      if (MEASURE) {
        measure_add(&acc, loss, t);
      }
      window_add(lane, &h, t, vec2<f32>(ob.x, loss));
      if (light_records() && t >= u.recordFirst && leads()) {
        light_record(lane, t - u.recordFirst, loss, ob, h, h.time + f32(t - u.stepStart) * oh.lr);
      }
    }
    h.time += f32(t - u.stepStart) * oh.lr;
    if (u.stepEnd > u.totalSteps) {
      // The last iterate S, the dispatch's one event.
      if (SHARP && u.finalSharp == 1u) {
        let p = power_iter(&w, mh, &e, &g, &hv, u.sharpIters, u.sharpTol);
        h.sharp = p.x;
        h.resid = p.y;
      }
      evaluate(lane, t, &w, &g, mh, &h, &acc, &bad);
    }
  }
  lane_end(lane, bad, &w, &m, &e, &tan, h, acc, LIGHT);
}
