// Fused GD steps for one lane per invocation. For each iterate t in [stepStart, stepEnd):
//   L_t, g_t = loss_grad(w_t)                    (the model's closed-form gradient)
//   diverged at the first t with !(|L_t| <= maxLoss)   (NaN fails every comparison): status = t + 1
//   at event steps only: sharpness (power.wgsl) when t % sharpEvery == 0 or t = S (held in between),
//     record the observables of w_t inside the recorded window, and at t = S write `latest` and stop
//   w_{t+1} = w_t - m_{t+1},  m_{t+1} = beta m_t + s(L_t, ||g_t||) g_t   (optimizer.wgsl)
// The hot inner loop runs from one event step to the next with no branches and no exits: loop exits and
// rarely taken branches in it cost 2-8x on SwiftShader (measured), and nothing on a real GPU is lost by
// keeping it straight. A diverged lane keeps computing NaNs until the dispatch ends; they stay private.
// w, m and the eigenvector stay in private memory for the whole dispatch (loaded/stored once, lane-minor).

override WG: u32 = 64u; // workgroup size; lanes beyond u.lanes exit at once
const NEVER: u32 = 0xffffffffu;

// First event step >= t: a sharpness evaluation, a recorded iterate, or the last iterate S.
fn next_event(t: u32) -> u32 {
  var next = u.totalSteps;
  if (u.sharpEvery > 0u) {
    next = min(next, (t + u.sharpEvery - 1u) / u.sharpEvery * u.sharpEvery);
  }
  if (t <= u.recordFirst) {
    next = min(next, u.recordFirst);
  } else {
    next = min(next, u.recordFirst + (t - u.recordFirst + u.recordEvery - 1u) / u.recordEvery * u.recordEvery);
  }
  return next;
}

fn update(w: ptr<function, Vec>, m: ptr<function, Vec>, g: ptr<function, Vec>, oh: OptHyper, loss: f32) {
  let s = gradient_scale(oh, loss, g);
  if (MOMENTUM) {
    vscale(oh.beta, m);
    vaxpy(s, g, m);
    vaxpy(-1.0, m, w);
  } else {
    vaxpy(-s, g, w);
  }
}

@compute @workgroup_size(WG)
fn step(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes || status[lane] != 0u) {
    return;
  }
  let oh = optHyper[lane];
  let mh = modelHyper[lane];
  let maxLoss = u.maxLoss;
  var w: Vec;
  var m: Vec;
  var e: Vec;
  var g: Vec;
  var scratchX: Vec;
  var scratchHv: Vec;
  vload(0u, lane, &w);
  if (MOMENTUM) {
    vload(VEL_BLOCK, lane, &m);
  }
  vload(EIG_BLOCK, lane, &e);
  var sharp = latest[OBS_SHARPNESS * u.lanes + lane];
  var bad = NEVER;
  var t = u.stepStart;
  while (t < u.stepEnd) {
    let plainEnd = min(next_event(t), u.stepEnd);
    var carry = vec4<f32>(0.0);
    prime(&w, mh, &carry);
    for (; t < plainEnd; t++) {
      var loss: f32;
      if (MOMENTUM) {
        loss = loss_grad(&w, mh, &g);
        update(&w, &m, &g, oh, loss);
      } else {
        loss = descend(&w, mh, oh, &carry); // the model's fused step (common/descend.wgsl or its own)
      }
      bad = min(bad, select(t, NEVER, abs(loss) <= maxLoss));
    }
    if (t == u.stepEnd) {
      break;
    }
    // Event step t: evaluate, record, then update unless t = S.
    let loss = loss_grad(&w, mh, &g);
    bad = min(bad, select(t, NEVER, abs(loss) <= maxLoss));
    let last = t == u.totalSteps;
    if (last || (u.sharpEvery > 0u && t % u.sharpEvery == 0u)) {
      sharp = power_iter(&w, mh, &e, &scratchX, &scratchHv, u.sharpIters);
    }
    let ob = observe(&w, mh);
    let gn = sqrt(vdot(&g, &g));
    if (t >= u.recordFirst && (t - u.recordFirst) % u.recordEvery == 0u) {
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
    } else {
      update(&w, &m, &g, oh, loss);
    }
    t++;
  }
  if (bad != NEVER) {
    status[lane] = bad + 1u;
    return;
  }
  vstore(0u, lane, &w);
  if (MOMENTUM) {
    vstore(VEL_BLOCK, lane, &m);
  }
  vstore(EIG_BLOCK, lane, &e);
  latest[OBS_SHARPNESS * u.lanes + lane] = sharp;
}
