// Batched small-matrix product, one workgroup per (lane, output tile): the building block of the matrix models
// (deep linear networks, MLPs) and the second kernel family's shape (a workgroup per lane).
//   C_l = op(A_l) op(B_l),  op(X) = X or X^T (TRANS_A, TRANS_B),  op(A_l): M x K,  op(B_l): K x N
// Layouts, lane-major and row-major per lane:
//   a[l * M * K + i * K + k]  (TRANS_A: a[l * K * M + k * M + i]),  b[l * K * N + k * N + j]  (TRANS_B:
//   b[l * N * K + j * K + k]),  c[l * M * N + i * N + j].
// Each workgroup computes a TILE x TILE block of C_l, staging TILE x TILE blocks of A and B in workgroup
// memory (2 TILE^2 f32: 512 bytes at TILE = 8, far below WebGPU's 16 KiB), one output element per invocation.
// Sums run in k order (the float64 reference sums the same way).

override TILE: u32 = 8u;
override M: u32;
override K: u32;
override N: u32;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
// Stage tiles in workgroup memory (real GPUs), or read A and B straight from storage (the software GPU, where
// each barrier costs more than the loads it saves). Same sums, same order, either way.
override SHARED: bool = true;

struct MatmulUniforms {
  lanes: u32, // lanes in this dispatch
}

@group(0) @binding(0) var<uniform> u: MatmulUniforms;              // the lane count
@group(0) @binding(1) var<storage, read> a: array<f32>;             // A_l (layout above)
@group(0) @binding(2) var<storage, read> b: array<f32>;             // B_l
@group(0) @binding(3) var<storage, read_write> c: array<f32>;       // C_l

var<workgroup> tileA: array<f32, TILE * TILE>;
var<workgroup> tileB: array<f32, TILE * TILE>;

fn load_a(lane: u32, i: u32, k: u32) -> f32 {
  if (i >= M || k >= K) {
    return 0.0;
  }
  return select(a[lane * M * K + i * K + k], a[lane * K * M + k * M + i], TRANS_A);
}

fn load_b(lane: u32, k: u32, j: u32) -> f32 {
  if (k >= K || j >= N) {
    return 0.0;
  }
  return select(b[lane * K * N + k * N + j], b[lane * N * K + j * K + k], TRANS_B);
}

@compute @workgroup_size(TILE, TILE)
fn matmul(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  // wid.x: the output tile (row-major over ceil(M / TILE) x ceil(N / TILE)); wid.y + wid.z groups.y: the lane
  // (folded past 65,535). The lane test is uniform over the workgroup, so barriers stay in uniform control flow.
  let lane = wid.y + wid.z * groups.y;
  let tilesN = (N + TILE - 1u) / TILE;
  let i = (wid.x / tilesN) * TILE + lid.y;
  let j = (wid.x % tilesN) * TILE + lid.x;
  let live = lane < u.lanes;
  var sum = 0.0;
  if (!SHARED) {
    if (live && i < M && j < N) {
      for (var k = 0u; k < K; k++) {
        sum += load_a(lane, i, k) * load_b(lane, k, j);
      }
      c[lane * M * N + i * N + j] = sum;
    }
    return;
  }
  for (var k0 = 0u; k0 < K; k0 += TILE) {
    if (live) {
      tileA[lid.y * TILE + lid.x] = load_a(lane, i, k0 + lid.x);
      tileB[lid.y * TILE + lid.x] = load_b(lane, k0 + lid.y, j);
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      sum += tileA[lid.y * TILE + k] * tileB[k * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (live && i < M && j < N) {
    c[lane * M * N + i * N + j] = sum;
  }
}
