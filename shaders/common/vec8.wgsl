// Models with at most 8 parameters held as Vec = array<f32, 8>; PARAMS (an override set from the spec) of them are
// used and the rest stay exactly 0 (models never write them). The operations are in common/vecn.wgsl.

const VEC_LEN: u32 = 8u;
alias Vec = array<f32, 8>;
override PARAMS: u32 = 8u;

// Power-iteration start when there is no warm start: distinct components, so no symmetric eigenvector of
// a model with permutation symmetry (the balanced chain) is missed by exact orthogonality.
fn vstart(v: ptr<function, Vec>) {
  for (var k = 0u; k < VEC_LEN; k++) {
    (*v)[k] = select(0.0, 1.0 / f32(k + 1u), k < PARAMS);
  }
}
