// Probe of double-single arithmetic (common/df64.wgsl) on this adapter's shader compiler: for case i,
//   out[8i .. 8i+7] = two_sum(a.hi, b.hi), two_prod(a.hi, b.hi), df_add(a, b), df_mul(a, b)
// with a = (x[4i], x[4i+1]), b = (x[4i+2], x[4i+3]). The host (src/gpu/df64-probe.ts) checks two_sum and
// two_prod exact and df_add / df_mul to the bits claimed, against float64; a compiler that reassociated or
// folded the error terms away returns lo words of 0 and fails.

struct ProbeUniforms {
  count: u32, // cases
  zero: u32,  // 0: dfZero's source (a value the compiler cannot see)
}

@group(0) @binding(0) var<uniform> u: ProbeUniforms;       // the case count and the barrier's zero
@group(0) @binding(1) var<storage, read> x: array<f32>;     // 4 words a case: a.hi, a.lo, b.hi, b.lo
@group(0) @binding(2) var<storage, read_write> out: array<f32>; // 8 words a case (above)

@compute @workgroup_size(64)
fn df64_probe(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= u.count) {
    return;
  }
  dfZero = u.zero;
  let a = vec2<f32>(x[4u * i], x[4u * i + 1u]);
  let b = vec2<f32>(x[4u * i + 2u], x[4u * i + 3u]);
  let s = two_sum(a.x, b.x);
  let p = two_prod(a.x, b.x);
  let d = df_add(a, b);
  let m = df_mul(a, b);
  out[8u * i] = s.x;
  out[8u * i + 1u] = s.y;
  out[8u * i + 2u] = p.x;
  out[8u * i + 3u] = p.y;
  out[8u * i + 4u] = d.x;
  out[8u * i + 5u] = d.y;
  out[8u * i + 6u] = m.x;
  out[8u * i + 7u] = m.y;
}
