// Deep linear network / deep matrix factorisation (Ghosh et al., ICLR 2025; docs/equations.md, Models):
//   L(W) = 1/2 ||E||_F^2,  E = P_L - M,  P_k = W_k ... W_1 (P_0 = I),  S_k = W_L ... W_k (S_{L+1} = I)
//   G_l = S_{l+1}^T E P_{l-1}^T
//   Hv, forward-over-reverse with tangents dP_k = V_k P_{k-1} + W_k dP_{k-1}, dS_k = dS_{k+1} W_k + S_{k+1} V_k:
//   (Hv)_l = dS_{l+1}^T E P_{l-1}^T + S_{l+1}^T dP_L P_{l-1}^T + S_{l+1}^T E dP_{l-1}^T
//   output = u_1^T P_L v_1 (the top target mode's value);  balance = ||W_2^T W_2 - W_1 W_1^T||_F (gap D_1).
// Matrices are 4 x 4 row-major with zero padding past WIDTH (dln/vec.wgsl); Mat holds one.

alias Mat = array<f32, 16>;

struct ModelHyper {
  m: array<f32, 16>, // target M = U diag(spectrum) V^T, padded
  u1: vec4<f32>,     // its top left singular vector
  v1: vec4<f32>,     // its top right singular vector
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
  for (var k = 0u; k < 16u; k++) {
    r[k] = (*w)[16u * l + k];
  }
  return r;
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
  var e: Mat;
  for (var k = 0u; k < 16u; k++) {
    e[k] = (*c).p[DEPTH][k] - h.m[k];
  }
  return e;
}

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  var c: Chain;
  chain(w, &c);
  let e = residual(&c, h);
  var loss = 0.0;
  for (var k = 0u; k < 16u; k++) {
    loss += e[k] * e[k];
  }
  for (var l = 0u; l < DEPTH; l++) {
    let g = mul(mul(c.s[l + 1u], e, true, false), c.p[l], false, true);
    for (var k = 0u; k < 16u; k++) {
      (*grad)[16u * l + k] = g[k];
    }
  }
  return 0.5 * loss;
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
    for (var k = 0u; k < 16u; k++) {
      (*out)[16u * l + k] = a * (t1[k] + t2[k] + t3[k] + shift * (*v)[16u * l + k]);
    }
  }
  return vdot(out, out);
}

fn observe(w: ptr<function, Vec>, h: ModelHyper) -> vec2<f32> {
  var c: Chain;
  chain(w, &c);
  var top = 0.0;
  for (var i = 0u; i < 4u; i++) {
    for (var j = 0u; j < 4u; j++) {
      top += h.u1[i] * c.p[DEPTH][i * 4u + j] * h.v1[j];
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
