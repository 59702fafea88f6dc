// Functions of formula models (src/formula/parse.ts FUNCTIONS) that WGSL lacks or computes too loosely in f32,
// called by the generated model file (src/formula/wgsl.ts). Written so that no result rests on an error term a
// compiler may reassociate away: series near 0, library functions elsewhere.
//   log1p(x) = x - x^2/2 + ... - x^8/8 + x^9/9 for |x| < 1/8 (truncation < x^10/10 < 1e-9 |x|), else log(1 + x)
//   expm1(x) = x (1 + x/2 (1 + x/3 (... (1 + x/8)))) for |x| < 1/8 (truncation < x^9/9! ), else exp(x) - 1
//   tanh(x)  = s/(s + 2) with s = expm1(2|x|), odd; |x| clamped to 9, where tanh rounds to 1 in f32
//   sigmoid(x) = 1/(1 + exp(-x)) for x >= 0, e^x/(1 + e^x) below (no overflow of exp)
//   softplus(x) = max(x, 0) + log1p(exp(-|x|))
// Away from 0 the library log and exp set the accuracy (WGSL: log within 2^-21 absolute on [0.5, 2], exp within
// 3 + 2|x| ulp): docs/equations.md, "Your own model".

fn fm_log1p(x: f32) -> f32 {
  if (abs(x) < 0.125) {
    let s = 0.2 + x * (-0.16666667 + x * (0.14285715 + x * (-0.125 + x * 0.11111111)));
    return x * (1.0 + x * (-0.5 + x * (0.33333334 + x * (-0.25 + x * s))));
  }
  return log(1.0 + x);
}

fn fm_expm1(x: f32) -> f32 {
  if (abs(x) < 0.125) {
    let s = 1.0 + x / 6.0 * (1.0 + x / 7.0 * (1.0 + x / 8.0));
    return x * (1.0 + x / 2.0 * (1.0 + x / 3.0 * (1.0 + x / 4.0 * (1.0 + x / 5.0 * s))));
  }
  return exp(x) - 1.0;
}

fn fm_tanh(x: f32) -> f32 {
  let s = fm_expm1(2.0 * min(abs(x), 9.0));
  let t = s / (s + 2.0);
  return select(-t, t, x >= 0.0);
}

fn fm_sigmoid(x: f32) -> f32 {
  if (x >= 0.0) {
    return 1.0 / (1.0 + exp(-x));
  }
  let e = exp(x);
  return e / (1.0 + e);
}

fn fm_softplus(x: f32) -> f32 {
  return max(x, 0.0) + fm_log1p(exp(-abs(x)));
}
