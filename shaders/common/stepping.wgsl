// Pieces of the step kernel (shaders/common/step.wgsl holds the entry point): the event schedule, the plain
// update, the convergence measure and the tangent map. docs/equations.md, "The step".

const NEVER: u32 = 0xffffffffu;
const V_CAP: f32 = 1e6;

// First event step >= t: a sharpness evaluation, a recorded iterate or the last iterate S; the start of
// the window is a boundary too (the plain loop ends there and the window loop takes over).
fn next_event(t: u32) -> u32 {
  var next = u.totalSteps;
  let light = light_records();
  // The plain loop ends where the light loop's work (window, stride-1 records) begins.
  if (t < u.windowFirst) {
    next = u.windowFirst;
  }
  if (light && t < u.recordFirst) {
    next = min(next, u.recordFirst);
  }
  if (u.sharpEvery > 0u) {
    next = min(next, (t + u.sharpEvery - 1u) / u.sharpEvery * u.sharpEvery);
  }
  if (!light) {
    if (t <= u.recordFirst) {
      next = min(next, u.recordFirst);
    } else {
      next = min(next, u.recordFirst + (t - u.recordFirst + u.recordEvery - 1u) / u.recordEvery * u.recordEvery);
    }
  }
  return next;
}

// Recorded iterates go through the light loop (no gradient evaluation) when every iterate is recorded
// and the gradient norm is not among them; otherwise each is an event step.
fn light_records() -> bool {
  return REC_GRAD_NORM < 0 && u.recordEvery == 1u;
}

// One RK4 step of the gradient flow w' = -g(w) with step h, from k1 = g(w) already in `g`; acc and tmp are
// scratch vectors (the velocity slot and the HVP scratch, both free for this optimiser).
//   w <- w - h/6 (k1 + 2 k2 + 2 k3 + k4),  k2 = g(w - h/2 k1),  k3 = g(w - h/2 k2),  k4 = g(w - h k3)
fn rk4(w: ptr<function, Vec>, acc: ptr<function, Vec>, tmp: ptr<function, Vec>, g: ptr<function, Vec>, mh: ModelHyper, h: f32) {
  vscale_into(1.0, g, acc);
  // One call site for k2, k3, k4 (a loop, not three inlined copies of the model's gradient).
  for (var stage = 0u; stage < 3u; stage++) {
    vscale_into(1.0, w, tmp);
    vaxpy(-select(0.5 * h, h, stage == 2u), g, tmp);
    loss_grad(tmp, mh, g);
    vaxpy(select(2.0, 1.0, stage == 2u), g, acc);
  }
  vaxpy(-h / 6.0, acc, w);
}

fn update(
  w: ptr<function, Vec>,
  m: ptr<function, Vec>,
  g: ptr<function, Vec>,
  tmp: ptr<function, Vec>,
  mh: ModelHyper,
  oh: OptHyper,
  loss: f32,
  e: ptr<function, Vec>,
  sharp: f32,
) {
  if (FLOW) {
    rk4(w, m, tmp, g, mh, oh.lr);
    return;
  }
  if (EXP_EULER && STIFF_K > 1u) {
    stiff_update(w, g, oh.lr);
    return;
  }
  if (EXP_EULER) {
    // e is unit (power.wgsl) or 0 before the first evaluation (then a = 0: a plain step).
    let a = vdot(e, g);
    vaxpy(-oh.lr, g, w);
    vaxpy((oh.lr - exp_euler_step(sharp, oh.lr)) * a, e, w);
    return;
  }
  let s = gradient_scale(oh, loss, g);
  if (MOMENTUM) {
    vmomentum(oh.beta, s, g, m, w);
  } else {
    vdescend(s, g, w);
  }
}

// exp-euler with stiff dimension k = STIFF_K >= 2 (docs/equations.md, "Optimisers"): q_m = the spectrum pass's
// Ritz vectors (basis blocks, unit and orthogonal), lambda_m = stiff[m], held between evaluations;
//   w <- w - dt g + sum_{m<k} (dt - phi_m) (q_m . g) q_m,   phi_m = (1 - exp(-lambda_m dt)) / lambda_m (dt if <= 0),
// i.e. the flow integrated exactly along each q_m and a step dt elsewhere; dt = stiff_dt() (advance.wgsl).
fn stiff_update(w: ptr<function, Vec>, g: ptr<function, Vec>, dt: f32) {
  var q: Vec;
  for (var m = 0u; m < STIFF_K; m++) {
    vload(EIGS_BLOCK + m, laneNow, &q);
    let c = vdot(&q, g);
    vaxpy((dt - exp_euler_step(stiff[m * u.lanes + laneNow], dt)) * c, &q, w);
  }
  vaxpy(-dt, g, w);
}

// exp-euler's step for k >= 2: min(lr, 1 / |lambda_{k+1}|) (lr before the first evaluation).
fn stiff_dt(lr: f32, next: f32) -> f32 {
  return select(lr, min(lr, 1.0 / abs(next)), abs(next) > 0.0);
}

// One plain update, returning L(w) before it: the model's fused step, or gradient + momentum update.
fn plain_step(
  w: ptr<function, Vec>,
  m: ptr<function, Vec>,
  g: ptr<function, Vec>,
  tmp: ptr<function, Vec>,
  mh: ModelHyper,
  oh: OptHyper,
  carry: ptr<function, vec4<f32>>,
  e: ptr<function, Vec>,
  sharp: f32,
) -> f32 {
  if (MOMENTUM || FLOW || EXP_EULER) {
    let loss = loss_grad(w, mh, g);
    update(w, m, g, tmp, mh, oh, loss, e, sharp);
    return loss;
  }
  return descend(w, mh, oh, carry); // common/descend.wgsl or the model's own fused version
}

// Sohl-Dickstein's running sums (docs/equations.md, "Convergence measure"): v_t = min(L_t / L_0, 1e6), with
// NaN and Inf failing `<=` and counting as the cap; L_0 is taken at t = 0.
struct Measure {
  l0: f32,
  sumV: f32,
  sumInv: f32,
}

fn measure_add(m: ptr<function, Measure>, loss: f32, t: u32) {
  (*m).l0 = select((*m).l0, max(loss, 1e-30), t == 0u);
  let r = loss / (*m).l0;
  let v = select(V_CAP, r, r <= V_CAP);
  (*m).sumV += v;
  (*m).sumInv += 1.0 / v;
}

// Tangent map of GD at w_t: e <- J e / ||J e|| with J e = e - lr H e = -lr (H e - e / lr), the model's hvp
// with shift -1/lr and a = -lr; returns log ||J e||. The tangent starts from vstart at the window's start.
fn tangent_step(
  w: ptr<function, Vec>,
  mh: ModelHyper,
  oh: OptHyper,
  tan: ptr<function, Vec>,
  hv: ptr<function, Vec>,
  t: u32,
) -> f32 {
  if (t == u.windowFirst) {
    vstart(tan);
    vscale(inverseSqrt(vdot(tan, tan)), tan);
  }
  var c = vec4<f32>(0.0);
  let n2 = hvp(w, mh, tan, hv, -1.0 / oh.lr, -oh.lr, &c);
  vscale_into(inverseSqrt(n2), hv, tan);
  return 0.5 * log(n2);
}

