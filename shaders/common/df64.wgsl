// Double-single numbers for precision "double" (docs/equations.md, "Double precision"): x = hi + lo as a
// vec2<f32>(hi, lo), |lo| <= ulp(hi) / 2, 48 significant bits (49 with lo's sign). Built from two error-free
// transformations (Dekker 1971, Knuth TAOCP 4.2.2; Joldes, Muller, Popescu 2017 for the bounds below):
//   two_sum(a, b) = (s, e):  s = fl(a + b),  e = a + b - s exactly
//   two_prod(a, b) = (p, e): p = fl(a b),    e = a b - p exactly, with a = ah + al split by masking the low
//     12 bits of a's significand (an integer op: ah and al have <= 12 bits, so each partial product is exact)
// Bounds (u = 2^-24; Joldes, Muller, Popescu, ACM TOMS 2017): df_add (accurate, 2 two_sums) 3 u^2 |a + b|,
// df_add_f 2 u^2, df_mul 7 u^2 |a b|, df_mul_f 3 u^2: >= 45 bits a + - * in the worst case, ~47 measured
// (tests/df64.test.ts). Division and square root (df_div, df_sqrt, below) only for formula models: ~46 bits.
//
// Why no compiler can erase the error terms (WGSL lets compilers reassociate and fuse: spec "Reassociation and
// Fusion"; gpuweb #2076): every intermediate of a transformation passes through opaque(), an integer XOR with
// `dfZero`, a private copy of a uniform word that is 0 at run time but unknown to any compiler. So each float
// operation inside two_sum / two_prod has an operand the compiler cannot relate to the others: (s - a) cannot
// fold to b, a - (s - bb) cannot be regrouped, and no sum can be reordered. Fusing a product into an fma
// cannot change two_prod either: every partial product is exact, so fused or not the sums are the same.
// tests/df64.test.ts (Dawn) and tests/browser/run.js (Chromium) run the probe kernel on values whose low
// parts only survive if the terms are kept; the engine runs it once per device before the first double run.

var<private> dfZero: u32; // the entry point sets it from its uniforms (always 0)

fn opaque(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ dfZero);
}

fn df(hi: f32) -> vec2<f32> {
  return vec2<f32>(hi, 0.0);
}

// s + e = a + b exactly (Knuth, any order of magnitudes).
fn two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = opaque(a + b);
  let bb = opaque(s - a);
  let av = opaque(s - bb);
  let da = opaque(a - av);
  let db = opaque(b - bb);
  return vec2<f32>(s, da + db);
}

// s + e = a + b exactly when |a| >= |b| or a = 0 (Dekker).
fn fast_two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = opaque(a + b);
  let z = opaque(s - a);
  return vec2<f32>(s, b - z);
}

// a = hi + lo with hi the top 12 significant bits (sign, exponent and 11 fraction bits kept by a mask).
fn df_split(a: f32) -> vec2<f32> {
  let hi = bitcast<f32>(bitcast<u32>(a) & 0xFFFFF000u);
  return vec2<f32>(hi, a - hi);
}

// p + e = a b exactly (barring underflow below ~1e-30).
fn two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = opaque(a * b);
  let x = df_split(a);
  let y = df_split(b);
  let t1 = opaque(x.x * y.x - p);
  let t2 = opaque(t1 + x.x * y.y);
  let t3 = opaque(t2 + x.y * y.x);
  return vec2<f32>(p, t3 + x.y * y.y);
}

fn df_add(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = two_sum(a.x, b.x);
  let t = two_sum(a.y, b.y);
  let u1 = fast_two_sum(s.x, s.y + t.x);
  return fast_two_sum(u1.x, u1.y + t.y);
}

fn df_neg(a: vec2<f32>) -> vec2<f32> {
  return -a;
}

fn df_sub(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return df_add(a, -b);
}

fn df_mul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let p = two_prod(a.x, b.x);
  return fast_two_sum(p.x, p.y + (a.x * b.y + a.y * b.x));
}

// a b for an f32 b (exact b: one product fewer).
fn df_mul_f(a: vec2<f32>, b: f32) -> vec2<f32> {
  let p = two_prod(a.x, b);
  return fast_two_sum(p.x, p.y + a.y * b);
}

// a + b for an f32 b.
fn df_add_f(a: vec2<f32>, b: f32) -> vec2<f32> {
  let s = two_sum(a.x, b);
  return fast_two_sum(s.x, s.y + a.y);
}

// a / b (formula models): q1 = a.hi / b.hi, then two corrections from the remainders a - q b computed in df64,
// so the f32 division's own error (2.5 ulp) only scales a correction: ~46 bits (tests/formula-double.test.ts).
fn df_div(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let q1 = a.x / b.x;
  let r1 = df_sub(a, df_mul_f(b, q1));
  let q2 = r1.x / b.x;
  let r2 = df_sub(r1, df_mul_f(b, q2));
  let q3 = r2.x / b.x;
  return df_add_f(fast_two_sum(q1, q2), q3);
}

// sqrt(a) for a >= 0 (0 otherwise; formula models): f32's sqrt, then two Newton steps s <- s + (a - s^2) / 2s
// with the residual in df64 (each step squares the relative error: 2^-22 -> 2^-44 -> below df64's own).
fn df_sqrt(a: vec2<f32>) -> vec2<f32> {
  if (!(a.x > 0.0)) {
    return vec2<f32>(0.0);
  }
  var s = df(sqrt(a.x));
  for (var i = 0u; i < 2u; i++) {
    let e = df_sub(a, df_mul(s, s));
    s = df_add(s, df_mul_f(e, 0.5 / s.x));
  }
  return s;
}
