// Per-lane small-matrix products for the workgroup family (one workgroup per lane): the building block of the
// matrix models (shaders/dln, shaders/mlp). All operands are row-major matrices in the lane's `scratch`:
//   C = op(A) op(B)  (ACC: C <- C + op(A) op(B)),  op(A): m x k,  op(B): k x n,  any m, n, k,
//   A stored m x k (TA: k x m, op = transpose), B stored k x n (TB: n x k).
// mm_fused adds an epilogue on each entry as it is stored (r = i n + j, the entry's offset in C):
//   C_r <- alpha (C_r + P_r) when acc, else alpha P_r  (P = op(A) op(B));  then, when hm != MM_NONE,
//   H_r <- M_r C_r  (M at hm, H at ho: an element-wise product with a matrix of C's shape)
// so a layer's scale and a mask (an activation's derivative) cost no pass of their own. alpha = 1 is exact.
// C is cut into 8 x 4 blocks (8 x 8 when MM_WIDE), dealt to the WG invocations in turn; each block's sums live
// in two (four) mat4x4 (vec4 columns, registers) and take 8 + 4 (8 + 8) loads per k for 32 (64) multiply-adds.
// Both operands are read through strides fixed before the k loop (op(A)[i][q] = A[a + i ai + q aq],
// op(B)[q][j] = B[b + q bq + j bj]), so the loop body is loads and multiply-adds only. Sums run in k order (the
// float64 reference's order), then the old C is added when ACC. Rows and columns past m and n are computed from
// clamped indices and never stored. Begins with storageBarrier(): the operands are complete, and the previous
// product's readers are done before this one's writes.
// (Measured on the software GPU, bench/RESULTS.md: 4 x 4 blocks whose loads chose their layout and clamped
// their indices inside the k loop ran at 0.5-0.8 GFLOP/s for d = 32, 8 x 4 blocks at 1.4-1.8; 8 x 8 blocks in a
// function-memory array at 0.19-0.28; k-slices staged in workgroup memory at 1.0 (d = 32) and 2.3 (d = 64)
// against 1.9-2.2 without. With 4 invocations, 8 x 8 blocks in registers: 8-15 % more lane-steps/s. Stores
// go through mm_put, which takes one entry: a helper taking the mat4x4 sums by value crashed SwiftShader 5.0.0
// (segfault in its worker threads) in the DLN's gd and flow kernels. Loading A and B as vec4 (k in fours)
// ran at 1.8-1.9 GFLOP/s against 2.6-2.8 for these scalar loads, d = 32.)

override MM_WIDE: bool; // 8 x 8 blocks: few invocations (src/engine/plan/plan.ts wideBlocks), else 8 x 4

const MM_NONE: u32 = 0xffffffffu; // mm_fused: no element-wise product

fn mm(m: u32, n: u32, k: u32, a: u32, ta: bool, b: u32, tb: bool, c: u32, acc: bool) {
  mm_fused(m, n, k, a, ta, b, tb, c, acc, 1.0, MM_NONE, MM_NONE);
}

// One entry of C through the epilogue (above); x = P_r.
fn mm_put(c: u32, r: u32, x: f32, acc: bool, alpha: f32, hm: u32, ho: u32) {
  var v = x;
  if (acc) {
    v += scratch[c + r];
  }
  v *= alpha;
  scratch[c + r] = v;
  if (hm != MM_NONE) {
    scratch[ho + r] = scratch[hm + r] * v;
  }
}

fn mm_fused(m: u32, n: u32, k: u32, a: u32, ta: bool, b: u32, tb: bool, c: u32, acc: bool, alpha: f32, hm: u32, ho: u32) {
  storageBarrier();
  let cols = select(4u, 8u, MM_WIDE);
  let bn = (n + cols - 1u) / cols;
  let ai = select(k, 1u, ta); // op(A)'s row stride, then its column stride
  let aq = select(1u, m, ta);
  let bq = select(n, 1u, tb); // op(B)'s row stride, then its column stride
  let bj = select(1u, k, tb);
  if (m < 4u) {
    mm_rows(m, n, k, a, ai, aq, b, bq, bj, c, acc, alpha, hm, ho);
    return;
  }
  for (var blk = lid; blk < ((m + 7u) / 8u) * bn; blk += WG) {
    let i0 = (blk / bn) * 8u;
    let j0 = (blk % bn) * cols;
    let iv = a + min(vec4<u32>(i0, i0 + 1u, i0 + 2u, i0 + 3u), vec4<u32>(m - 1u)) * ai;
    let iw = a + min(vec4<u32>(i0 + 4u, i0 + 5u, i0 + 6u, i0 + 7u), vec4<u32>(m - 1u)) * ai;
    let jv = b + min(vec4<u32>(j0, j0 + 1u, j0 + 2u, j0 + 3u), vec4<u32>(n - 1u)) * bj;
    let jw = b + min(vec4<u32>(j0 + 4u, j0 + 5u, j0 + 6u, j0 + 7u), vec4<u32>(n - 1u)) * bj;
    var s = mat4x4<f32>(); // s[c] = rows i0..i0+3 of column j0 + c
    var t = mat4x4<f32>(); // t[c] = rows i0+4..i0+7 of column j0 + c
    var s2 = mat4x4<f32>(); // the same for columns j0 + 4 + c (MM_WIDE)
    var t2 = mat4x4<f32>();
    for (var q = 0u; q < k; q++) {
      let ia = iv + q * aq;
      let ja = iw + q * aq;
      let ib = jv + q * bq;
      let av = vec4<f32>(scratch[ia.x], scratch[ia.y], scratch[ia.z], scratch[ia.w]);
      let aw = vec4<f32>(scratch[ja.x], scratch[ja.y], scratch[ja.z], scratch[ja.w]);
      let bv = vec4<f32>(scratch[ib.x], scratch[ib.y], scratch[ib.z], scratch[ib.w]);
      s[0] += av * bv.x;
      s[1] += av * bv.y;
      s[2] += av * bv.z;
      s[3] += av * bv.w;
      t[0] += aw * bv.x;
      t[1] += aw * bv.y;
      t[2] += aw * bv.z;
      t[3] += aw * bv.w;
      if (MM_WIDE) {
        let jb = jw + q * bq;
        let bw = vec4<f32>(scratch[jb.x], scratch[jb.y], scratch[jb.z], scratch[jb.w]);
        s2[0] += av * bw.x;
        s2[1] += av * bw.y;
        s2[2] += av * bw.z;
        s2[3] += av * bw.w;
        t2[0] += aw * bw.x;
        t2[1] += aw * bw.y;
        t2[2] += aw * bw.z;
        t2[3] += aw * bw.w;
      }
    }
    for (var cc = 0u; cc < 4u; cc++) {
      for (var r = 0u; r < 4u; r++) {
        let j = j0 + cc;
        let i = i0 + r;
        if (i < m && j < n) {
          mm_put(c, i * n + j, s[cc][r], acc, alpha, hm, ho);
        }
        if (i + 4u < m && j < n) {
          mm_put(c, (i + 4u) * n + j, t[cc][r], acc, alpha, hm, ho);
        }
        if (MM_WIDE && i < m && j + 4u < n) {
          mm_put(c, i * n + j + 4u, s2[cc][r], acc, alpha, hm, ho);
        }
        if (MM_WIDE && i + 4u < m && j + 4u < n) {
          mm_put(c, (i + 4u) * n + j + 4u, t2[cc][r], acc, alpha, hm, ho);
        }
      }
    }
  }
}

// m < 4 (a network's output layer): C a row at a time in 1 x 8 blocks, where 8-row blocks would compute 8 - m
// clamped copies of each row. The same sums in the same order.
fn mm_rows(m: u32, n: u32, k: u32, a: u32, ai: u32, aq: u32, b: u32, bq: u32, bj: u32, c: u32, acc: bool, alpha: f32, hm: u32, ho: u32) {
  let bn = (n + 7u) / 8u;
  for (var blk = lid; blk < m * bn; blk += WG) {
    let i = blk / bn;
    let j0 = (blk % bn) * 8u;
    let jv = b + min(vec4<u32>(j0, j0 + 1u, j0 + 2u, j0 + 3u), vec4<u32>(n - 1u)) * bj;
    let jw = b + min(vec4<u32>(j0 + 4u, j0 + 5u, j0 + 6u, j0 + 7u), vec4<u32>(n - 1u)) * bj;
    var s = vec4<f32>();
    var t = vec4<f32>();
    for (var q = 0u; q < k; q++) {
      let x = scratch[a + i * ai + q * aq];
      let ib = jv + q * bq;
      let jb = jw + q * bq;
      s += x * vec4<f32>(scratch[ib.x], scratch[ib.y], scratch[ib.z], scratch[ib.w]);
      t += x * vec4<f32>(scratch[jb.x], scratch[jb.y], scratch[jb.z], scratch[jb.w]);
    }
    for (var r = 0u; r < 4u; r++) {
      if (j0 + r < n) {
        mm_put(c, i * n + j0 + r, s[r], acc, alpha, hm, ho);
      }
      if (j0 + 4u + r < n) {
        mm_put(c, i * n + j0 + 4u + r, t[r], acc, alpha, hm, ho);
      }
    }
  }
}
