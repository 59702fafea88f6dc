// Deep linear network / deep matrix factorisation (Ghosh et al., ICLR 2025; docs/equations.md, Models), in the
// lane family for small networks (L <= 4, d <= 4: src/models/dln/index.ts picks the family); shaders/dln/model.wgsl
// is the workgroup family's version of the same loss, for larger ones.
//   L(W) = 1/2 ||E||_F^2,  E = P_L - M,  P_k = W_k ... W_1 (P_0 = I),  S_k = W_L ... W_k (S_{L+1} = I)
//   G_l = S_{l+1}^T E P_{l-1}^T
//   Hv, forward-over-reverse with tangents dP_k = V_k P_{k-1} + W_k dP_{k-1}, dS_k = dS_{k+1} W_k + S_{k+1} V_k:
//   (Hv)_l = dS_{l+1}^T E P_{l-1}^T + S_{l+1}^T dP_L P_{l-1}^T + S_{l+1}^T E dP_{l-1}^T
//   output = u_1^T P_L v_1 (the top target mode's value);  balance = ||W_2^T W_2 - W_1 W_1^T||_F (gap D_1).
// Parameters as in the workgroup family: W_l (l = 1..L) row-major d x d at (l - 1) d^2 (dln/vec.wgsl). Inside a
// call each matrix is held as a Mat, 4 x 4 row-major with zero padding past WIDTH, so every product keeps its
// padding exactly zero and one loop bound serves every width. The target is in `data`: [M (d x d), u_1, v_1,
// M's low words (precision double)]. The loss and gradient: dln/lane_loss.wgsl (single), lane_loss_double.wgsl.

alias Mat = array<f32, 16>;

struct ModelHyper {
  unused: f32, // no per-lane constants: the target lives in `data`
}

@group(0) @binding(9) var<storage, read> data: array<f32>; // the target, the same for every lane

fn target_mat() -> Mat {
  var r: Mat;
  for (var i = 0u; i < WIDTH; i++) {
    for (var j = 0u; j < WIDTH; j++) {
      r[i * 4u + j] = data[i * WIDTH + j];
    }
  }
  return r;
}

fn eye() -> Mat {
  var r: Mat;
  for (var i = 0u; i < WIDTH; i++) {
    r[i * 5u] = 1.0;
  }
  return r;
}

fn layer(w: ptr<function, Vec>, l: u32) -> Mat {
  var r: Mat;
  for (var i = 0u; i < WIDTH; i++) {
    for (var j = 0u; j < WIDTH; j++) {
      r[i * 4u + j] = (*w)[l * WIDTH * WIDTH + i * WIDTH + j];
    }
  }
  return r;
}

// x_l <- a m (+ shift v_l), the padded Mat written back to the lane's layout.
fn put(x: ptr<function, Vec>, l: u32, m: Mat) {
  for (var i = 0u; i < WIDTH; i++) {
    for (var j = 0u; j < WIDTH; j++) {
      (*x)[l * WIDTH * WIDTH + i * WIDTH + j] = m[i * 4u + j];
    }
  }
}

// op(a) op(b) with op = transpose when ta / tb.
fn mul(a: Mat, b: Mat, ta: bool, tb: bool) -> Mat {
  var r: Mat;
  for (var i = 0u; i < 4u; i++) {
    for (var j = 0u; j < 4u; j++) {
      var s = 0.0;
      for (var k = 0u; k < 4u; k++) {
        s += select(a[i * 4u + k], a[k * 4u + i], ta) * select(b[k * 4u + j], b[j * 4u + k], tb);
      }
      r[i * 4u + j] = s;
    }
  }
  return r;
}

fn add(a: Mat, b: Mat) -> Mat {
  var r: Mat;
  for (var k = 0u; k < 16u; k++) {
    r[k] = a[k] + b[k];
  }
  return r;
}

// Prefix products P_0..P_L (index k) and suffix products S_1..S_{L+1} (index k - 1), with tangents along v.
struct Chain {
  p: array<Mat, 5>,
  s: array<Mat, 5>,
}

fn chain(w: ptr<function, Vec>, c: ptr<function, Chain>) {
  (*c).p[0] = eye();
  for (var k = 1u; k <= DEPTH; k++) {
    (*c).p[k] = mul(layer(w, k - 1u), (*c).p[k - 1u], false, false);
  }
  (*c).s[DEPTH] = eye();
  for (var j = 0u; j < DEPTH; j++) {
    let k = DEPTH - j; // DEPTH .. 1
    (*c).s[k - 1u] = mul((*c).s[k], layer(w, k - 1u), false, false);
  }
}

fn residual(c: ptr<function, Chain>, h: ModelHyper) -> Mat {
  let m = target_mat();
  var e: Mat;
  for (var k = 0u; k < 16u; k++) {
    e[k] = (*c).p[DEPTH][k] - m[k];
  }
  return e;
}

fn hvp(w: ptr<function, Vec>, h: ModelHyper, v: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  var c: Chain;
  chain(w, &c);
  let e = residual(&c, h);
  var dp: array<Mat, 5>;
  var ds: array<Mat, 5>;
  for (var k = 1u; k <= DEPTH; k++) {
    dp[k] = add(mul(layer(v, k - 1u), c.p[k - 1u], false, false), mul(layer(w, k - 1u), dp[k - 1u], false, false));
  }
  for (var j = 0u; j < DEPTH; j++) {
    let k = DEPTH - j;
    ds[k - 1u] = add(mul(ds[k], layer(w, k - 1u), false, false), mul(c.s[k], layer(v, k - 1u), false, false));
  }
  for (var l = 0u; l < DEPTH; l++) {
    let t1 = mul(mul(ds[l + 1u], e, true, false), c.p[l], false, true);
    let t2 = mul(mul(c.s[l + 1u], dp[DEPTH], true, false), c.p[l], false, true);
    let t3 = mul(mul(c.s[l + 1u], e, true, false), dp[l], false, true);
    let vl = layer(v, l);
    var o: Mat;
    for (var k = 0u; k < 16u; k++) {
      o[k] = a * (t1[k] + t2[k] + t3[k] + shift * vl[k]);
    }
    put(out, l, o);
  }
  return vdot(out, out);
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  var c: Chain;
  chain(w, &c);
  var top = 0.0;
  for (var i = 0u; i < WIDTH; i++) {
    for (var j = 0u; j < WIDTH; j++) {
      top += data[WIDTH * WIDTH + i] * c.p[DEPTH][i * 4u + j] * data[WIDTH * WIDTH + WIDTH + j];
    }
  }
  let w1 = layer(w, 0u);
  let w2 = layer(w, 1u);
  let upper = mul(w2, w2, true, false);
  let lower = mul(w1, w1, false, true);
  var n = 0.0;
  for (var k = 0u; k < 16u; k++) {
    let d = upper[k] - lower[k];
    n += d * d;
  }
  return vec2<f32>(top, sqrt(n));
}
