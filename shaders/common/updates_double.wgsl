// The parameter updates of gd and momentum in double-single arithmetic (precision "double"; common/df64.wgsl,
// family_double.wgsl), for Vecs indexed by component ((*w)[k]: vec2, vec8, vecn); s is the lane's lr (hi word,
// its low word lrLo): gd and momentum are the optimisers double allows; beta is used as its f32 value:
//   w <- w - (lr g)                        (df_mul, df_sub: ~46 bits)
//   m <- beta m + lr g,  w <- w - m        (momentum)

fn vdescend(s: f32, g: ptr<function, Vec>, w: ptr<function, Vec>) {
  let lr = vec2<f32>(s, lrLo);
  for (var k = 0u; k < PARAMS; k++) {
    let x = df_sub(vec2<f32>((*w)[k], wLo[k]), df_mul(lr, vec2<f32>((*g)[k], gLo[k])));
    (*w)[k] = x.x;
    wLo[k] = x.y;
  }
}

fn vmomentum(beta: f32, s: f32, g: ptr<function, Vec>, m: ptr<function, Vec>, w: ptr<function, Vec>) {
  let lr = vec2<f32>(s, lrLo);
  for (var k = 0u; k < PARAMS; k++) {
    let v = df_add(df_mul_f(vec2<f32>((*m)[k], mLo[k]), beta), df_mul(lr, vec2<f32>((*g)[k], gLo[k])));
    (*m)[k] = v.x;
    mLo[k] = v.y;
    let x = df_sub(vec2<f32>((*w)[k], wLo[k]), v);
    (*w)[k] = x.x;
    wLo[k] = x.y;
  }
}
