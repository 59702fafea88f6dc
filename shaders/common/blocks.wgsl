// Operations on whole state blocks for the spectrum pass (common/spectrum.wgsl), over the family's Vec
// operations: vload binds (workgroup family) or copies (lane family) block b of the lane, vstore writes a copy
// back (nothing for a handle). In the lane family each call moves one or two vectors between storage and
// function memory; in the workgroup family it costs nothing beyond the operation itself.

fn bdot(a: u32, b: u32, lane: u32) -> f32 {
  var x: Vec;
  var y: Vec;
  vload(a, lane, &x);
  vload(b, lane, &y);
  return vdot(&x, &y);
}

// block b <- block b + c block a
fn baxpy(c: f32, a: u32, b: u32, lane: u32) {
  var x: Vec;
  var y: Vec;
  vload(a, lane, &x);
  vload(b, lane, &y);
  vaxpy(c, &x, &y);
  vstore(b, lane, &y);
}

// block b <- c block a
fn bcopy(c: f32, a: u32, b: u32, lane: u32) {
  var x: Vec;
  var y: Vec;
  vload(a, lane, &x);
  vload(b, lane, &y);
  vscale_into(c, &x, &y);
  vstore(b, lane, &y);
}

// block b <- (H + shift) block a; returns its squared norm.
fn bhvp(w: ptr<function, Vec>, h: ModelHyper, a: u32, b: u32, shift: f32, lane: u32) -> f32 {
  var x: Vec;
  var y: Vec;
  vload(a, lane, &x);
  vload(b, lane, &y);
  var carry = vec4<f32>(0.0);
  let n2 = hvp(w, h, &x, &y, shift, 1.0, &carry);
  vstore(b, lane, &y);
  return n2;
}

// Modified Gram-Schmidt over blocks base .. base + EIGS_M, with a second pass only where the first removed
// more than 1 - 1/sqrt(2) of the norm (Kahan and Parlett's "twice is enough": after such a pass f32 rounding
// may leave a visible component along the earlier vectors; otherwise it cannot). A vector that keeps under
// 1e-4 of its norm (dependent on the earlier ones) is replaced by its start vector, orthogonalised in turn.
fn orth(base: u32, lane: u32) {
  for (var i = 0u; i < EIGS_M; i++) {
    for (var attempt = 0u; attempt < 2u; attempt++) {
      let n0 = sqrt(bdot(base + i, base + i, lane));
      var n = n0;
      for (var twice = 0u; twice < 2u && i > 0u; twice++) {
        let before = n;
        for (var j = 0u; j < i; j++) {
          baxpy(-bdot(base + j, base + i, lane), base + j, base + i, lane);
        }
        n = sqrt(bdot(base + i, base + i, lane));
        if (n > 0.70710678 * before) {
          break;
        }
      }
      if (n > 1e-4 * n0) {
        bcopy(1.0 / n, base + i, base + i, lane);
        break;
      }
      fill_start(base + i, lane, i);
    }
  }
}
