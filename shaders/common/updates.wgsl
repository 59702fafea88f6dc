// The parameter updates of gd and momentum (common/stepping.wgsl, descend.wgsl) in single precision, over the
// family's Vec operations; precision "double" has its own (common/family_double.wgsl), keeping low words:
//   vdescend:  w <- w - s g;   vmomentum: m <- beta m + s g, w <- w - m

fn vdescend(s: f32, g: ptr<function, Vec>, w: ptr<function, Vec>) {
  vaxpy(-s, g, w);
}

fn vmomentum(beta: f32, s: f32, g: ptr<function, Vec>, m: ptr<function, Vec>, w: ptr<function, Vec>) {
  vscale(beta, m);
  vaxpy(s, g, m);
  vaxpy(-1.0, m, w);
}

// Nothing beyond the state blocks to keep at the end of a dispatch (advance.wgsl).
fn vkeep(lane: u32) {}
