// Batched products on their own (eos-lab/linalg, its tests and the bench), one workgroup per lane running
// common/wg_matmul.wgsl's mm(): the very function the matrix models call inside their step kernels.
//   C_l = op(A_l) op(B_l),  op(A_l): m x k,  op(B_l): k x n  (m, n <= 64; op = transpose when ta / tb)
// Buffer layout, lane-major: lane l's words start at l (m k + k n + m n): A (m x k, or k x m when ta), then
// B (k x n, or n x k when tb), then C (m x n), each row-major.

struct MatmulUniforms {
  lanes: u32, // lanes in this dispatch
  m: u32,     // rows of op(A) and C
  k: u32,     // the summed dimension
  n: u32,     // columns of op(B) and C
  ta: u32,    // 1: A is stored transposed
  tb: u32,    // 1: B is stored transposed
}

@group(0) @binding(0) var<uniform> u: MatmulUniforms;              // the shape and lane count
@group(0) @binding(1) var<storage, read_write> scratch: array<f32>; // every lane's A, B and C (above)

var<private> lid: u32; // this invocation's index in the workgroup (mm deals blocks by it)
override WG: u32;      // invocations per lane (src/linalg/batched.ts: 64, as the workgroup family on a GPU)

@compute @workgroup_size(WG)
fn matmul(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) li: u32,
) {
  lid = li;
  let lane = wid.x + wid.y * groups.x; // folded past 65,535 workgroups; uniform over the workgroup
  if (lane >= u.lanes) {
    return;
  }
  let a = lane * (u.m * u.k + u.k * u.n + u.m * u.n);
  let b = a + u.m * u.k;
  mm(u.m, u.n, u.k, a, u.ta == 1u, b, u.tb == 1u, b + u.k * u.n, false);
}
