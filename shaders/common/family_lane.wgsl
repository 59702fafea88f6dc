// Lane family: one invocation per lane, its vectors (Vec, defined with their operations by the model's vec file:
// common/vec2.wgsl, common/vec8.wgsl + vecn.wgsl, uv/vec.wgsl) in function memory for a whole dispatch. The
// two functions below are what the shared step loop (common/advance.wgsl) asks of a family beyond the Vec
// operations; common/family_wg.wgsl is the workgroup family's counterpart.

// Every invocation is its lane's only one.
fn leads() -> bool {
  return true;
}

// Scratch vectors need no storage here: they are function variables.
fn vbind(lane: u32, m: ptr<function, Vec>, g: ptr<function, Vec>, hv: ptr<function, Vec>, tan: ptr<function, Vec>) {}
