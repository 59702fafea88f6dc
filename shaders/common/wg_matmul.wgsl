// Per-lane small-matrix products for the workgroup family (one workgroup per lane): the building block of the
// matrix models (shaders/dln, later the MLP). All operands are row-major matrices in the lane's `scratch`:
//   C = op(A) op(B)  (ACC: C <- C + op(A) op(B)),  op(A): m x k,  op(B): k x n,  any m, n, k,
//   A stored m x k (TA: k x m, op = transpose), B stored k x n (TB: n x k).
// C is cut into 4 x 4 blocks, dealt to the WG invocations in turn; each block's sums live in a mat4x4 (four
// vec4 columns, registers) and take 4 + 4 loads per k for 16 multiply-adds. Sums run in k order (the float64
// reference's order), then the old C is added when ACC. Rows and columns past m and n are computed from clamped
// indices and never stored. Begins with storageBarrier(): the operands are complete, and the previous
// product's readers are done before this one's writes.
// (Measured on the software GPU: 8 x 8 blocks in a function-memory array ran at 0.19-0.28 GFLOP/s, these
// register blocks at the figures in bench/RESULTS.md. Staging k-slices in workgroup memory is the next step to
// measure on a real GPU.)

// Rows i0..i0+3 of column q of op(A) (A stored m x k, or k x m when ta).
fn mm_a(a: u32, ta: bool, m: u32, k: u32, i0: u32, q: u32) -> vec4<f32> {
  let i = min(vec4<u32>(i0, i0 + 1u, i0 + 2u, i0 + 3u), vec4<u32>(m - 1u));
  if (ta) {
    return vec4<f32>(scratch[a + q * m + i.x], scratch[a + q * m + i.y], scratch[a + q * m + i.z], scratch[a + q * m + i.w]);
  }
  return vec4<f32>(scratch[a + i.x * k + q], scratch[a + i.y * k + q], scratch[a + i.z * k + q], scratch[a + i.w * k + q]);
}

// Columns j0..j0+3 of row q of op(B) (B stored k x n, or n x k when tb).
fn mm_b(b: u32, tb: bool, k: u32, n: u32, q: u32, j0: u32) -> vec4<f32> {
  let j = min(vec4<u32>(j0, j0 + 1u, j0 + 2u, j0 + 3u), vec4<u32>(n - 1u));
  if (tb) {
    return vec4<f32>(scratch[b + j.x * k + q], scratch[b + j.y * k + q], scratch[b + j.z * k + q], scratch[b + j.w * k + q]);
  }
  return vec4<f32>(scratch[b + q * n + j.x], scratch[b + q * n + j.y], scratch[b + q * n + j.z], scratch[b + q * n + j.w]);
}

fn mm(m: u32, n: u32, k: u32, a: u32, ta: bool, b: u32, tb: bool, c: u32, acc: bool) {
  storageBarrier();
  let bn = (n + 3u) / 4u;
  for (var blk = lid; blk < ((m + 3u) / 4u) * bn; blk += WG) {
    let i0 = (blk / bn) * 4u;
    let j0 = (blk % bn) * 4u;
    var s = mat4x4<f32>(); // s[c] = column j0 + c of the block
    for (var q = 0u; q < k; q++) {
      let av = mm_a(a, ta, m, k, i0, q);
      let bv = mm_b(b, tb, k, n, q, j0);
      s[0] += av * bv.x;
      s[1] += av * bv.y;
      s[2] += av * bv.z;
      s[3] += av * bv.w;
    }
    for (var cc = 0u; cc < 4u; cc++) {
      for (var r = 0u; r < 4u; r++) {
        let i = i0 + r;
        let j = j0 + cc;
        if (i < m && j < n) {
          let at = c + i * n + j;
          scratch[at] = select(s[cc][r], scratch[at] + s[cc][r], acc);
        }
      }
    }
  }
}
