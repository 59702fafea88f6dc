// Per-lane small-matrix products for the workgroup family (one workgroup per lane): the building block of the
// matrix models (shaders/dln, later the MLP). All operands are row-major matrices in the lane's `scratch`:
//   C = op(A) op(B)  (ACC: C <- C + op(A) op(B)),  op(A): m x k,  op(B): k x n,  m, n <= 8 GRID = 64, any k,
//   A stored m x k (TA: k x m, op = transpose), B stored k x n (TB: n x k).
// The 64 invocations form an 8 x 8 grid; invocation (bi, bj) = (lid / 8, lid % 8) owns the register block of
// rows bi rm .. bi rm + rm - 1 and columns bj rn .. bj rn + rn - 1, rm = ceil(m / 8), rn = ceil(n / 8), and
// reads rm + rn words per k for rm rn multiply-adds (8 x 8 at m = n = 64). Sums run in k order (the float64
// reference's order), then the old C is added when ACC. Begins with storageBarrier(): the operands are
// complete, and the previous product's readers are done before this one's writes.
// (Staging k-slices of A and B in workgroup memory would cut global loads 8x more at m = n = 64; measure on a
// real GPU first: on the software GPU each barrier costs more than the loads it saves.)

const GRID: u32 = 8u; // the plan runs this family with WG = GRID * GRID = 64

fn mm(m: u32, n: u32, k: u32, a: u32, ta: bool, b: u32, tb: bool, c: u32, acc: bool) {
  storageBarrier();
  let rm = (m + GRID - 1u) / GRID;
  let rn = (n + GRID - 1u) / GRID;
  let i0 = (lid / GRID) * rm;
  let j0 = (lid % GRID) * rn;
  var sum: array<f32, 64>;
  var av: array<f32, 8>;
  var bv: array<f32, 8>;
  for (var q = 0u; q < k; q++) {
    for (var r = 0u; r < rm; r++) {
      let i = min(i0 + r, m - 1u); // rows past m are computed from row m - 1 and never stored
      av[r] = select(scratch[a + i * k + q], scratch[a + q * m + i], ta);
    }
    for (var s = 0u; s < rn; s++) {
      let j = min(j0 + s, n - 1u);
      bv[s] = select(scratch[b + q * n + j], scratch[b + j * k + q], tb);
    }
    for (var r = 0u; r < rm; r++) {
      for (var s = 0u; s < rn; s++) {
        sum[r * GRID + s] += av[r] * bv[s];
      }
    }
  }
  for (var r = 0u; r < rm; r++) {
    for (var s = 0u; s < rn; s++) {
      let i = i0 + r;
      let j = j0 + s;
      if (i < m && j < n) {
        let at = c + i * n + j;
        scratch[at] = select(sum[r * GRID + s], scratch[at] + sum[r * GRID + s], acc);
      }
    }
  }
}
