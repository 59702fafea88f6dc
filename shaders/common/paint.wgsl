// A figure's image drawn on the GPU (src/views/paint.ts): one RGBA8 word a pixel (R in the low byte), row 0 at
// the top, rows ROW_WORDS apart (bytesPerRow a multiple of 256), for a copy onto a WebGPU canvas's texture.
//   mode 0, a basin map: pixel (x, y) is lane x + width (height - 1 - y); its colour index (four a word,
//           src/engine/read/colors.ts) picks palette[index] (256 RGBA words; the pending index is transparent)
//   mode 1, a density: cell (x, bin = height - 1 - y); 0 counts are white (mode 2: transparent, while a
//           progressive figure refines over its coarse picture), else the sequential map at
//           t = 1 - log(1 + c) / log(1 + max): viridis' 9 stops (palette[0..8], RGB words) interpolated as
//           src/views/palette.ts sequential() does, so the 2-D canvas's pixels and these agree within a level.

struct PaintUniforms {
  width: u32,    // image columns
  height: u32,   // image rows
  rowWords: u32, // words per output row
  mode: u32,     // 0 colour indices, 1 density counts, 2 density counts with empty cells transparent
}

override WG: u32;

@group(0) @binding(0) var<uniform> u: PaintUniforms;                // sizes and mode
@group(0) @binding(1) var<storage, read> source: array<u32>;          // colour indices (4 a word) or counts
@group(0) @binding(2) var<storage, read> palette: array<u32>;         // 256 RGBA words, or 9 RGB stops
@group(0) @binding(3) var<storage, read> top: array<u32>;             // [0]: the density's largest count
@group(1) @binding(0) var<storage, read_write> pixels: array<u32>;    // RGBA8, rows rowWords apart

fn channel(word: u32, k: u32) -> f32 {
  return f32((word >> (8u * k)) & 0xffu);
}

// sequential(t) of src/views/palette.ts: 9 stops, linear between them, each channel rounded.
fn sequential(t: f32) -> u32 {
  let x = clamp(t, 0.0, 1.0) * 8.0;
  let i = min(7u, u32(floor(x)));
  let f = x - f32(i);
  var rgba = 0xff000000u;
  for (var k = 0u; k < 3u; k++) {
    let a = channel(palette[i], k);
    let b = channel(palette[i + 1u], k);
    rgba = rgba | (u32(floor(a + f * (b - a) + 0.5)) << (8u * k));
  }
  return rgba;
}

@compute @workgroup_size(WG)
fn paint(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let p = gid.x + gid.y * groups.x * WG;
  if (p >= u.width * u.height) {
    return;
  }
  let x = p % u.width;
  let y = p / u.width;
  let at = x + u.width * (u.height - 1u - y);
  var rgba = 0xffffffffu;
  if (u.mode == 0u) {
    rgba = palette[(source[at / 4u] >> (8u * (at % 4u))) & 0xffu];
  } else {
    let c = source[at];
    if (u.mode == 2u) {
      rgba = 0u;
    }
    if (c > 0u) {
      rgba = sequential(1.0 - log(1.0 + f32(c)) / log(1.0 + f32(max(top[0], 1u))));
    }
  }
  pixels[y * u.rowWords + x] = rgba;
}
