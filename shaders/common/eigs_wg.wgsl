// Entry point of the top-k spectrum pass in the workgroup family: one workgroup per lane (as
// common/step_wg.wgsl), run between step dispatches at the recorded iterates (src/engine/spectrum.ts). The
// algorithm is common/spectrum.wgsl's; this file gives it the start vectors and writes the lane's rows:
//   eigs[(slot * (EIGS_K + 1) + i) * lanes + lane]: lambda_i (i < EIGS_K, descending), then the relative
//   residual (row EIGS_K); 0 for a lane that has diverged (the host masks slots from its escape step on).
//   slot = (t - recordFirst) / recordEvery.

@group(1) @binding(0) var<storage, read_write> eigs: array<f32>; // recorded eigenvalues (layout above)

var<workgroup> eigsStatus: u32;

// block `slab` <- the i-th start vector (lane-major layout of common/family_wg.wgsl), each invocation its stripe.
fn fill_start(slab: u32, lane: u32, i: u32) {
  for (var k = lid; k < PARAMS; k += WG) {
    state[(slab * u.lanes + lane) * PARAMS + k] = block_start(i, k);
  }
}

@compute @workgroup_size(WG)
fn eigs_step(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) li: u32,
) {
  lid = li;
  let lane = wid.x + wid.y * groups.x;
  if (lane >= u.lanes) {
    return;
  }
  let slot = (u.stepStart - u.recordFirst) / u.recordEvery;
  if (li == 0u) {
    eigsStatus = status[lane];
  }
  var lambda: array<f32, 10>;
  var resid = 0.0;
  if (workgroupUniformLoad(&eigsStatus) == 0u) {
    var w: Vec;
    vload(0u, lane, &w);
    resid = top_eigs(&w, modelHyper[lane], lane, &lambda);
  }
  if (li == 0u) {
    for (var i = 0u; i < EIGS_K; i++) {
      eigs[(slot * (EIGS_K + 1u) + i) * u.lanes + lane] = lambda[i];
    }
    eigs[(slot * (EIGS_K + 1u) + EIGS_K) * u.lanes + lane] = resid;
  }
}
