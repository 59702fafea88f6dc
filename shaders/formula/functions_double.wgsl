// Functions of formula models in double-single arithmetic (precision "double"; common/df64.wgsl), called by the
// generated double model file (src/formula/wgsl-double.ts). Each is reduced to df64's + - * / (so no result
// rests on a library function's f32 accuracy) and keeps ~44-46 bits (tests/formula-double.test.ts):
//   expm1 (|r| <= ln2/2):  x = r / 32, Taylor to x^9/9! (|x| <= 0.011: next term < 2^-60), then
//                          expm1(2y) = expm1(y) (2 + expm1(y)) five times (relative accuracy kept)
//   exp(a) = 2^k (1 + expm1(r)),  k = round(a / ln2),  r = a - k ln2 (ln2 in two words)
//   log(a):    y <- y + a exp(-y) - 1 twice from f32's log (Newton; each step squares the error)
//   log1p(a):  y <- y - (expm1(y) - a) / (expm1(y) + 1) twice from fm_log1p (small a keep their bits)
//   tanh(a) = s / (s + 2), s = expm1(2|a|), odd (1 past |a| = 20);  sigmoid(a) = 1 / (1 + e^-a) (a >= 0) or
//   e^a / (1 + e^a);  softplus(a) = max(a, 0) + log1p(exp(-|a|));  pow(a, b) = exp(b log a) (a > 0)
//   sin, cos:  r = a - k pi/2 (pi/2 in two words: for |a| <~ 1e3 r keeps ~40 bits absolute), Taylor to r^21,
//              the quadrant from k mod 4
// Overflow: exp of a > 88.7 is +inf (the loss then fails the divergence test, as in f32).

const DF_LN2 = vec2<f32>(0.693147182464599609375, -1.904654323148236e-9);
const DF_PI2 = vec2<f32>(1.57079637050628662109375, -4.371139000186241e-8);

fn df_expm1_small(r: vec2<f32>) -> vec2<f32> {
  let x = r * 0.03125; // exact: both words scaled by 2^-5
  var s = df(0.0);
  var term = x;
  for (var k = 1u; k <= 9u; k++) {
    s = df_add(s, term);
    term = df_div(df_mul(term, x), df(f32(k + 1u)));
  }
  for (var i = 0u; i < 5u; i++) {
    s = df_mul(s, df_add_f(s, 2.0));
  }
  return s;
}

fn df_exp(a: vec2<f32>) -> vec2<f32> {
  if (a.x > 88.7) {
    return vec2<f32>(bitcast<f32>(0x7f800000u ^ dfZero), 0.0); // +inf (a run-time value: no const overflow)
  }
  if (a.x < -103.0) {
    return df(0.0);
  }
  let k = round(a.x / 0.6931471805599453);
  let e = df_add_f(df_expm1_small(df_sub(a, df_mul_f(DF_LN2, k))), 1.0);
  let n = i32(k);
  return vec2<f32>(ldexp(e.x, n), ldexp(e.y, n));
}

fn df_expm1(a: vec2<f32>) -> vec2<f32> {
  if (abs(a.x) < 0.34) {
    return df_expm1_small(a);
  }
  return df_add_f(df_exp(a), -1.0);
}

fn df_log(a: vec2<f32>) -> vec2<f32> {
  var y = df(log(a.x));
  if (!(a.x > 0.0) || abs(y.x) > 3.4e38) {
    return y; // outside the domain (the caller's test marks the lane) or at 0 / inf
  }
  for (var i = 0u; i < 2u; i++) {
    y = df_add(y, df_add_f(df_mul(a, df_exp(-y)), -1.0));
  }
  return y;
}

fn df_log1p(a: vec2<f32>) -> vec2<f32> {
  var y = df(fm_log1p(a.x));
  if (!(a.x > -1.0) || abs(y.x) > 3.4e38) {
    return y;
  }
  for (var i = 0u; i < 2u; i++) {
    let m = df_expm1(y);
    y = df_sub(y, df_div(df_sub(m, a), df_add_f(m, 1.0)));
  }
  return y;
}

fn df_tanh(a: vec2<f32>) -> vec2<f32> {
  let x = select(a, -a, a.x < 0.0);
  var t = df(1.0);
  if (x.x < 20.0) {
    let s = df_expm1(x * 2.0);
    t = df_div(s, df_add_f(s, 2.0));
  }
  return select(t, -t, a.x < 0.0);
}

fn df_sigmoid(a: vec2<f32>) -> vec2<f32> {
  let e = df_exp(select(-a, a, a.x < 0.0)); // exp(-|a|)
  let d = df_add_f(e, 1.0);
  return select(df_div(df(1.0), d), df_div(e, d), a.x < 0.0);
}

fn df_softplus(a: vec2<f32>) -> vec2<f32> {
  let l = df_log1p(df_exp(select(-a, a, a.x < 0.0)));
  return select(l, df_add(l, a), a.x > 0.0);
}

fn df_pow(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return df_exp(df_mul(b, df_log(a)));
}

// (sin a, cos a).
fn df_sincos(a: vec2<f32>) -> array<vec2<f32>, 2> {
  let k = round(a.x / 1.5707963267948966);
  let r = df_sub(a, df_mul_f(DF_PI2, k));
  let r2 = df_mul(r, r);
  var s = r;
  var c = df(1.0);
  var ts = r;
  var tc = df(1.0);
  for (var n = 1u; n <= 10u; n++) {
    tc = -df_div(df_mul(tc, r2), df(f32((2u * n - 1u) * 2u * n)));
    ts = -df_div(df_mul(ts, r2), df(f32(2u * n * (2u * n + 1u))));
    c = df_add(c, tc);
    s = df_add(s, ts);
  }
  let q = i32(k) & 3;
  let sq = select(select(select(-c, -s, q == 2), c, q == 1), s, q == 0);
  let cq = select(select(select(s, -c, q == 2), -s, q == 1), c, q == 0);
  return array<vec2<f32>, 2>(sq, cq);
}

fn df_sin(a: vec2<f32>) -> vec2<f32> {
  return df_sincos(a)[0];
}

fn df_cos(a: vec2<f32>) -> vec2<f32> {
  return df_sincos(a)[1];
}
