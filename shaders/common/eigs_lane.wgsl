// Entry point of the top-k spectrum pass in the lane family: one invocation per lane, run between step
// dispatches at the recorded iterates (src/engine/spectrum.ts) on w_t as the step kernel left it in `state`.
// The algorithm is common/spectrum.wgsl's; this file gives it the start vectors and writes the lane's rows.
//   eigs[(slot * (EIGS_K + 1) + i) * lanes + lane]: lambda_i (i < EIGS_K, descending), then the relative
//   residual (row EIGS_K); 0 for a lane that has diverged (the host masks slots from its escape step on).
//   slot = (t - recordFirst) / recordEvery.

@group(1) @binding(0) var<storage, read_write> eigs: array<f32>; // recorded eigenvalues (layout above)

// block `slab` <- the i-th start vector (lane-minor layout of common/lanes.wgsl).
fn fill_start(slab: u32, lane: u32, i: u32) {
  for (var k = 0u; k < PARAMS; k++) {
    state[(slab * PARAMS + k) * u.lanes + lane] = block_start(i, k);
  }
}

@compute @workgroup_size(WG)
fn eigs_step(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  let slot = (u.stepStart - u.recordFirst) / u.recordEvery;
  var lambda: array<f32, 10>;
  var resid = 0.0;
  if (status[lane] == 0u) {
    var w: Vec;
    vload(0u, lane, &w);
    resid = top_eigs(&w, modelHyper[lane], lane, &lambda);
  }
  for (var i = 0u; i < EIGS_K; i++) {
    eigs[(slot * (EIGS_K + 1u) + i) * u.lanes + lane] = lambda[i];
  }
  eigs[(slot * (EIGS_K + 1u) + EIGS_K) * u.lanes + lane] = resid;
}
