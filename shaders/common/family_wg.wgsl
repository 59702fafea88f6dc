// Workgroup family: one workgroup of WG invocations per lane, for models too large for one invocation's
// 8 KiB (deep linear networks, MLPs). A lane's vectors stay in storage; Vec is a handle on one of them and the
// operations the shared code calls (common/advance.wgsl, power.wgsl, stepping.wgsl, optimizer.wgsl) run on all
// WG invocations at once, each on its stripe k = lid, lid + WG, ... of the PARAMS entries.
// state layout (lane-major, so a workgroup reads contiguous words):
//   state[(block * lanes + lane) * PARAMS + k],  blocks 0 = w, VEL_BLOCK = m, EIG_BLOCK = e, G_BLOCK = g,
//   HV_BLOCK = hv, TAN_BLOCK = tangent (all six always present; src/engine/plan/plan.ts numbers them).
// Synchronisation contract: the element-wise operations touch only their own stripe and need no barrier; a
// model function that reads other stripes (loss_grad, hvp, observe) begins and ends with storageBarrier().
// vdot returns its sum to every invocation through workgroupUniformLoad, so branches on it stay uniform and
// the shared loops may contain barriers.

override G_BLOCK: u32;  // the gradient's block
override HV_BLOCK: u32; // the Hessian-vector scratch block
override SCRATCH: u32;  // words of model scratch per lane (the model's TS definition sizes it)

struct Vec {
  base: u32, // word offset of the vector in `state`
}

@group(0) @binding(8) var<storage, read_write> scratch: array<f32>; // per lane: scratch[lane * SCRATCH + i]
@group(0) @binding(9) var<storage, read> data: array<f32>;          // model data shared by every lane

var<private> lid: u32; // this invocation's index in the workgroup (set by common/step_wg.wgsl)
var<workgroup> red: array<f32, WG>;
var<workgroup> redTotal: f32;

fn vload(slab: u32, lane: u32, v: ptr<function, Vec>) {
  *v = Vec((slab * u.lanes + lane) * PARAMS);
}

fn vstore(slab: u32, lane: u32, v: ptr<function, Vec>) {}

// Handles for the vectors the lane family keeps in function memory.
fn vbind(lane: u32, m: ptr<function, Vec>, g: ptr<function, Vec>, hv: ptr<function, Vec>, tan: ptr<function, Vec>) {
  vload(VEL_BLOCK, lane, m);
  vload(G_BLOCK, lane, g);
  vload(HV_BLOCK, lane, hv);
  vload(TAN_BLOCK, lane, tan);
}

// Block `slab` of the lane whose parameters (block 0) v is ("block" is a keyword to wgsl_reflect).
fn sibling(v: ptr<function, Vec>, slab: u32) -> Vec {
  return Vec((*v).base + slab * u.lanes * PARAMS);
}

fn leads() -> bool {
  return lid == 0u;
}

// Sum of one value per invocation, returned to all: each writes its value, the first adds all WG of them in
// index order, and workgroupUniformLoad hands the total to every invocation. Two barriers (a tree reduction
// takes log2(WG) + 1, and barriers dominate on the software GPU: bench/RESULTS.md). No leading barrier is
// needed: every invocation has passed the previous call's workgroupUniformLoad, so the first invocation's
// reads of `red` and writes of `redTotal` are done before anyone writes them again.
fn wg_sum(x: f32) -> f32 {
  red[lid] = x;
  workgroupBarrier();
  if (lid == 0u) {
    var s = 0.0;
    for (var i = 0u; i < WG; i++) {
      s += red[i];
    }
    redTotal = s;
  }
  return workgroupUniformLoad(&redTotal);
}

// Products that depend on w alone (a model's forward pass, prefix products) can be kept in scratch across
// calls: the model copies w to `copy` when it forms them and, once they are complete, sets the word `valid` to
// 1 and the word after it to the loss at that w (a new buffer holds 0). True, in every invocation, when both
// still hold for v: exact comparison, so any change of w re-forms them; the sum makes the answer uniform
// (barriers may follow). An invocation stops at its first differing word (after a step, its first).
fn formed_for(v: ptr<function, Vec>, copy: u32, valid: u32) -> bool {
  var differ = select(1.0, 0.0, scratch[valid] == 1.0);
  for (var k = lid; k < PARAMS && differ == 0.0; k += WG) {
    differ = select(1.0, 0.0, bitcast<u32>(state[(*v).base + k]) == bitcast<u32>(scratch[copy + k]));
  }
  return wg_sum(differ) == 0.0;
}

fn mark_formed(valid: u32, loss: f32) {
  if (leads()) {
    scratch[valid] = 1.0;
    scratch[valid + 1u] = loss;
  }
}

// The loss stored by mark_formed (after a storageBarrier), handed to every invocation as a uniform value.
fn formed_loss(valid: u32) -> f32 {
  return wg_sum(select(0.0, scratch[valid + 1u], leads()));
}

fn vdot(a: ptr<function, Vec>, b: ptr<function, Vec>) -> f32 {
  var s = 0.0;
  for (var k = lid; k < PARAMS; k += WG) {
    s += state[(*a).base + k] * state[(*b).base + k];
  }
  return wg_sum(s);
}

// y <- y + a x
fn vaxpy(a: f32, x: ptr<function, Vec>, y: ptr<function, Vec>) {
  for (var k = lid; k < PARAMS; k += WG) {
    state[(*y).base + k] += a * state[(*x).base + k];
  }
}

fn vscale(a: f32, x: ptr<function, Vec>) {
  for (var k = lid; k < PARAMS; k += WG) {
    state[(*x).base + k] *= a;
  }
}

// dst <- a src
fn vscale_into(a: f32, src: ptr<function, Vec>, dst: ptr<function, Vec>) {
  for (var k = lid; k < PARAMS; k += WG) {
    state[(*dst).base + k] = a * state[(*src).base + k];
  }
}

// Power-iteration start without a warm start: 1 / (k + 1) (the model's reference `start` is the same).
fn vstart(v: ptr<function, Vec>) {
  for (var k = lid; k < PARAMS; k += WG) {
    state[(*v).base + k] = 1.0 / f32(k + 1u);
  }
}

// The generic plain step w <- w - s(L, ||g||) g (the gradient goes to the lane's G block).
fn prime(w: ptr<function, Vec>, h: ModelHyper, carry: ptr<function, vec4<f32>>) {}

fn descend(w: ptr<function, Vec>, h: ModelHyper, oh: OptHyper, carry: ptr<function, vec4<f32>>) -> f32 {
  var g = sibling(w, G_BLOCK);
  let loss = loss_grad(w, h, &g);
  vaxpy(-gradient_scale(oh, loss, &g), &g, w);
  return loss;
}
