// WebGPU in Node through Dawn (`webgpu` package). Without a Vulkan driver, points Vulkan at SwiftShader.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib64/chromium/vk_swiftshader_icd.json',
];

/** True when the machine exposes a GPU device node (DRM render node, NVIDIA, WSL). */
function hasGPUDeviceNode(): boolean {
  if (existsSync('/dev/nvidia0') || existsSync('/dev/dxg')) return true;
  return existsSync('/dev/dri') && readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
}

/** Points the Vulkan loader at SwiftShader (Debian's chromium ships it); returns the ICD, if found. */
export function useSwiftShader(): string | undefined {
  const icd = SWIFTSHADER_ICDS.find((f) => existsSync(f));
  if (icd) process.env.VK_ICD_FILENAMES = icd;
  return icd;
}

type Dawn = { create(flags: string[]): GPU; globals: Record<string, unknown> };

/** Dawn instances handed out; kept alive for the process, since a collected instance crashes its devices. */
const instances: GPU[] = [];

function instance(webgpu: Dawn, flags: readonly string[]): GPU {
  const gpu = webgpu.create([...flags]);
  instances.push(gpu);
  return gpu;
}

/**
 * An adapter from Dawn. The driver the environment names wins; without a GPU device node the software
 * GPU (SwiftShader) is used; if the installed drivers give no adapter (Debian 12's lavapipe is too old
 * for Dawn), SwiftShader is tried once more. `flags` are Dawn's (e.g. 'enable-dawn-features=...').
 */
export async function nodeAdapter(
  options: GPURequestAdapterOptions,
  flags: readonly string[] = [],
): Promise<GPUAdapter | null> {
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'eos-lab-xdg-'));
  const named = Boolean(process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES);
  if (!named && !hasGPUDeviceNode()) useSwiftShader();
  const webgpu = (await import('webgpu')) as unknown as Dawn;
  Object.assign(globalThis, webgpu.globals);
  const adapter = await instance(webgpu, flags).requestAdapter(options);
  if (adapter || named || !useSwiftShader()) return adapter;
  return instance(webgpu, flags).requestAdapter(options);
}
