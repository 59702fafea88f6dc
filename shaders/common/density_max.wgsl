// The density image's largest count, reduced on the GPU (src/views/paint.ts): its log shade is relative to it.
//   top[0] = max over counts

struct MaxUniforms {
  cells: u32, // columns x bins
}

override WG: u32;

@group(0) @binding(0) var<uniform> u: MaxUniforms;                   // the image's size
@group(0) @binding(1) var<storage, read> counts: array<u32>;           // the density image
@group(1) @binding(0) var<storage, read_write> top: array<atomic<u32>>; // [0]: the largest count

@compute @workgroup_size(WG)
fn density_max(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i < u.cells && counts[i] > 0u) {
    atomicMax(&top[0], counts[i]);
  }
}
