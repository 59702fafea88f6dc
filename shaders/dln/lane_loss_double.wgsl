// The small DLN's loss and gradient in double-single arithmetic (precision "double"; common/df64.wgsl,
// common/family_double.wgsl): the math of dln/lane_loss.wgsl with every entry a vec2<f32> (hi, lo),
//   P_k = W_k P_{k-1},  S_k = S_{k+1} W_k,  E = P_L - M,  G_l = S_{l+1}^T E P_{l-1}^T   (df_mul, df_add)
// the layers read from the hi words *w and the low words wLo, the target M from `data` (hi words, then its low
// words after u_1, v_1), the gradient's low words written to gLo. The loss returned is sum(E.hi^2) / 2 in f32.

alias MatD = array<vec2<f32>, 16>;

fn eye_df() -> MatD {
  var r: MatD;
  for (var i = 0u; i < WIDTH; i++) {
    r[i * 5u] = df(1.0);
  }
  return r;
}

fn layer_df(w: ptr<function, Vec>, l: u32) -> MatD {
  var r: MatD;
  for (var i = 0u; i < WIDTH; i++) {
    for (var j = 0u; j < WIDTH; j++) {
      let k = l * WIDTH * WIDTH + i * WIDTH + j;
      r[i * 4u + j] = vec2<f32>((*w)[k], wLo[k]);
    }
  }
  return r;
}

// op(a) op(b) with op = transpose when ta / tb, over the live d x d block.
fn mul_df(a: MatD, b: MatD, ta: bool, tb: bool) -> MatD {
  var r: MatD;
  for (var i = 0u; i < WIDTH; i++) {
    for (var j = 0u; j < WIDTH; j++) {
      var s = df(0.0);
      for (var k = 0u; k < WIDTH; k++) {
        s = df_add(s, df_mul(select(a[i * 4u + k], a[k * 4u + i], ta), select(b[k * 4u + j], b[j * 4u + k], tb)));
      }
      r[i * 4u + j] = s;
    }
  }
  return r;
}

struct ChainD {
  p: array<MatD, 5>,
  s: array<MatD, 5>,
}

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  var c: ChainD;
  c.p[0] = eye_df();
  for (var k = 1u; k <= DEPTH; k++) {
    c.p[k] = mul_df(layer_df(w, k - 1u), c.p[k - 1u], false, false);
  }
  c.s[DEPTH] = eye_df();
  for (var j = 0u; j < DEPTH; j++) {
    let k = DEPTH - j; // DEPTH .. 1
    c.s[k - 1u] = mul_df(c.s[k], layer_df(w, k - 1u), false, false);
  }
  var e: MatD;
  var loss = 0.0;
  let lo = WIDTH * WIDTH + 2u * WIDTH; // M's low words in `data`
  for (var i = 0u; i < WIDTH; i++) {
    for (var j = 0u; j < WIDTH; j++) {
      let m = vec2<f32>(data[i * WIDTH + j], data[lo + i * WIDTH + j]);
      let x = df_sub(c.p[DEPTH][i * 4u + j], m);
      e[i * 4u + j] = x;
      loss += x.x * x.x;
    }
  }
  for (var l = 0u; l < DEPTH; l++) {
    let g = mul_df(mul_df(c.s[l + 1u], e, true, false), c.p[l], false, true);
    for (var i = 0u; i < WIDTH; i++) {
      for (var j = 0u; j < WIDTH; j++) {
        let k = l * WIDTH * WIDTH + i * WIDTH + j;
        (*grad)[k] = g[i * 4u + j].x;
        gLo[k] = g[i * 4u + j].y;
      }
    }
  }
  return 0.5 * loss;
}
