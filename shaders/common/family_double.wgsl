// Double family (precision "double", docs/equations.md "Double precision"): the lane family with every
// parameter and velocity component held as a double-single pair hi + lo (common/df64.wgsl). The shared step
// loop (common/advance.wgsl) sees Vec = the hi words; the lo words live here, beside it, in private memory:
//   wLo, mLo    low words of the parameters and the velocity (state blocks LO_BLOCK, VEL_LO_BLOCK)
//   gLo         low words of the gradient, written by the model's double loss_grad (<model>/loss_double.wgsl)
//   lrLo        low word of the lane's learning rate (OptHyper.lrLo)
// The updates vdescend / vmomentum in double come with the model's double files: common/updates_double.wgsl
// for Vecs indexed by component, the model's own where its Vec is a struct (uv/step_double.wgsl).
// Everything else runs on the hi words in f32: the sharpness and its power iteration, the tangent map of the
// Lyapunov exponent (along the double trajectory), the recorded and classified observables (output, loss).
// state layout: the lane family's, with LO_BLOCK = 1 right after the parameters (so the init pass writes a
// lane's 2 P words, hi then lo, as blocks 0 and 1) and VEL_LO_BLOCK after VEL_BLOCK.

override LO_BLOCK: u32;     // state block of the parameters' low words (1)
override VEL_LO_BLOCK: u32; // state block of the velocity's low words (momentum)

var<private> wLo: Vec;
var<private> mLo: Vec;
var<private> gLo: Vec;
var<private> lrLo: f32;

fn leads() -> bool {
  return true;
}

// Loads the low words (the shared loop has loaded the hi words) and the barrier's zero.
fn vbind(lane: u32, m: ptr<function, Vec>, g: ptr<function, Vec>, hv: ptr<function, Vec>, tan: ptr<function, Vec>) {
  dfZero = u.zero;
  lrLo = optHyper[lane].lrLo;
  var lo: Vec; // private variables cannot be passed as function pointers
  vload(LO_BLOCK, lane, &lo);
  wLo = lo;
  if (MOMENTUM) {
    vload(VEL_LO_BLOCK, lane, &lo);
    mLo = lo;
  }
}

fn vkeep(lane: u32) {
  var lo = wLo;
  vstore(LO_BLOCK, lane, &lo);
  if (MOMENTUM) {
    lo = mLo;
    vstore(VEL_LO_BLOCK, lane, &lo);
  }
}
