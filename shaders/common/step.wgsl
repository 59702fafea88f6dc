// Fused GD steps for one lane per invocation: for t in [stepStart, stepEnd)
//   L_t, g_t = loss_grad(w_t)                   (the model's closed-form gradient)
//   diverged if !(|L_t| <= maxLoss)             (NaN fails every comparison) -> status = t + 1, lane stops
//   sharpness at t if t % sharpEvery == 0 or t = S (power.wgsl), held between evaluations
//   record observables of w_t if t is in the recorded window; latest = all observables at t = S
//   w_{t+1} = w_t - m_{t+1},  m_{t+1} = beta m_t + s(L_t, ||g_t||) g_t   (optimizer.wgsl), unless t = S
// Parameters, velocity and eigenvector stay in private memory for the whole dispatch and are loaded and
// stored once (lane-minor `state`, see lanes.wgsl). Lanes are independent: one lane's NaN touches nothing else.

override WG: u32 = 64u; // workgroup size; lanes beyond u.lanes exit at once

@compute @workgroup_size(WG)
fn step(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes || status[lane] != 0u) {
    return;
  }
  let oh = optHyper[lane];
  let mh = modelHyper[lane];
  var w: Vec;
  var m: Vec;
  var e: Vec;
  var g: Vec;
  vload(0u, lane, &w);
  if (MOMENTUM) {
    vload(VEL_BLOCK, lane, &m);
  }
  vload(EIG_BLOCK, lane, &e);
  var sharp = latest[OBS_SHARPNESS * u.lanes + lane];
  for (var t = u.stepStart; t < u.stepEnd; t++) {
    let loss = loss_grad(&w, mh, &g);
    if (!(abs(loss) <= u.maxLoss)) {
      status[lane] = t + 1u;
      return;
    }
    let gradNormSq = vdot(&g, &g);
    let last = t == u.totalSteps;
    if (last || (u.sharpEvery > 0u && t % u.sharpEvery == 0u)) {
      sharp = power_iter(&w, mh, &e, u.sharpIters);
    }
    let recorded = t >= u.recordFirst && (t - u.recordFirst) % u.recordEvery == 0u;
    if (recorded || last) {
      let ob = observe(&w, mh);
      let gn = sqrt(gradNormSq);
      if (recorded) {
        let slot = (t - u.recordFirst) / u.recordEvery;
        record_value(REC_LOSS, slot, lane, loss);
        record_value(REC_GRAD_NORM, slot, lane, gn);
        record_value(REC_OUTPUT, slot, lane, ob.x);
        record_value(REC_BALANCE, slot, lane, ob.y);
        record_value(REC_SHARPNESS, slot, lane, sharp);
      }
      if (last) {
        latest[OBS_LOSS * u.lanes + lane] = loss;
        latest[OBS_GRAD_NORM * u.lanes + lane] = gn;
        latest[OBS_OUTPUT * u.lanes + lane] = ob.x;
        latest[OBS_BALANCE * u.lanes + lane] = ob.y;
        break;
      }
    }
    let s = step_scale(oh, loss, gradNormSq);
    if (MOMENTUM) {
      vscale(oh.beta, &m);
      vaxpy(s, &g, &m);
      vaxpy(-1.0, &m, &w);
    } else {
      vaxpy(-s, &g, &w);
    }
  }
  vstore(0u, lane, &w);
  if (MOMENTUM) {
    vstore(VEL_BLOCK, lane, &m);
  }
  vstore(EIG_BLOCK, lane, &e);
  latest[OBS_SHARPNESS * u.lanes + lane] = sharp;
}
