// One way to get a GPUDevice: navigator.gpu in browsers, Dawn in Node; limits raised to the adapter's.
import { GPUFailureError, WebGPUUnavailableError } from './errors.js';

export interface DeviceInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** True for a software or fallback adapter (SwiftShader): correct but slow. */
  isFallback: boolean;
}

export interface AcquiredDevice {
  device: GPUDevice;
  info: DeviceInfo;
}

export interface AcquireOptions {
  powerPreference?: GPUPowerPreference;
  /** Node only: Dawn toggles/flags passed to `create`. */
  nodeFlags?: readonly string[];
  /** Called once if the device is lost (the engine must then be recreated). */
  onLost?: (info: GPUDeviceLostInfo) => void;
}

const LIMITS: readonly (keyof GPUSupportedLimits)[] = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
];

async function getAdapter(options: AcquireOptions): Promise<GPUAdapter | null> {
  const request = { powerPreference: options.powerPreference ?? 'high-performance' } as const;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu.requestAdapter(request);
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  if (!isNode) {
    throw new WebGPUUnavailableError(
      'this browser has no WebGPU (navigator.gpu is missing): use a recent Chrome or Edge, or enable WebGPU.',
    );
  }
  try {
    const { nodeAdapter } = await import('./node.js');
    return await nodeAdapter(request, options.nodeFlags);
  } catch (e) {
    throw new WebGPUUnavailableError(`WebGPU for Node could not be loaded (package 'webgpu'): ${String(e)}`);
  }
}

/**
 * Acquires a device with the adapter's limits for buffer sizes and dispatch sizes.
 * @example
 * const { device, info } = await acquireDevice();
 * console.log(info.architecture); // 'swiftshader' on machines without a GPU
 */
export async function acquireDevice(options: AcquireOptions = {}): Promise<AcquiredDevice> {
  const adapter = await getAdapter(options);
  if (!adapter) {
    const browser = Boolean((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu);
    throw new WebGPUUnavailableError(
      browser
        ? 'this browser offers WebGPU but found no GPU adapter (it may be disabled or blocklisted: see chrome://gpu)'
        : "WebGPU found no adapter. On a machine without a GPU install Debian's chromium (it ships the " +
            'SwiftShader Vulkan driver) and libvulkan1.',
    );
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of LIMITS) requiredLimits[name] = adapter.limits[name] as number;
  const device = await adapter.requestDevice({ label: 'eos-lab.device', requiredLimits });
  const ai = adapter.info ?? ({} as GPUAdapterInfo);
  const info: DeviceInfo = {
    vendor: ai.vendor ?? '',
    architecture: ai.architecture ?? '',
    description: ai.description ?? '',
    isFallback:
      Boolean((ai as { isFallbackAdapter?: boolean }).isFallbackAdapter) ||
      /swiftshader|llvmpipe|lavapipe/i.test(`${ai.architecture} ${ai.description} ${ai.vendor}`),
  };
  void device.lost.then((lost) => {
    if (lost.reason !== 'destroyed') {
      console.error(`[eos-lab] GPU device lost: ${lost.message}`);
      options.onLost?.(lost);
    }
  });
  device.addEventListener('uncapturederror', (ev) => {
    console.error(`[eos-lab] uncaptured WebGPU error: ${(ev as GPUUncapturedErrorEvent).error.message}`);
  });
  return { device, info };
}

/**
 * Runs `fn` inside validation and out-of-memory error scopes and rethrows what they caught. Both scopes are
 * popped in `finally`, before any await, so concurrent callers on one device never see each other's errors
 * and a throwing `fn` never leaves a scope pushed.
 */
export async function withErrorScopes<T>(device: GPUDevice, what: string, fn: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let validation: Promise<GPUError | null>;
  let oom: Promise<GPUError | null>;
  let value: T;
  try {
    value = fn();
  } finally {
    validation = device.popErrorScope();
    oom = device.popErrorScope();
  }
  const [v, o] = await Promise.all([validation, oom]);
  const err = v ?? o;
  if (err) throw new GPUFailureError(`${what}: ${err.message}`);
  return value;
}
