// eos-lab/testing: headless Chromium with WebGPU for CI that tests pages with embedded figures. Tries the
// machine's GPU first (Vulkan), then SwiftShader (Debian's chromium ships it), reports the adapter, and fails
// with one sentence when neither gives an adapter, or, if asked, when only a software adapter exists.
// Node only; needs `puppeteer-core` (an optional peer dependency) or `puppeteer`.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';

export interface AdapterReport {
  vendor: string;
  architecture: string;
  description: string;
  /** True for a software adapter (SwiftShader): correct, slow. */
  isFallback: boolean;
}

export interface LaunchOptions {
  /** The browser (default: $CHROMIUM_PATH, then /usr/bin/chromium, chromium-browser, google-chrome). */
  executablePath?: string;
  /** Fail unless a hardware adapter is found. */
  requireHardware?: boolean;
  /** Extra Chromium flags. */
  args?: string[];
}

export interface WebGPUBrowser {
  /** The Puppeteer Browser (from puppeteer-core or puppeteer). */
  browser: {
    newPage(): Promise<unknown>;
    close(): Promise<void>;
  };
  adapter: AdapterReport;
}

/** Flags every headless run here uses (no sandbox in containers, no background traffic, WebGPU enabled). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];
const HARDWARE = ['--enable-features=Vulkan', '--use-angle=vulkan'];
// ANGLE on SwiftShader too: without it a WebGPU canvas's presentation loses the device ('A valid external
// Instance reference no longer exists'), so figures drawn on the GPU (src/views/paint.ts) never show.
const SOFTWARE = [
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

type Puppeteer = {
  launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<WebGPUBrowser['browser']>;
};

async function loadPuppeteer(): Promise<Puppeteer> {
  for (const name of ['puppeteer-core', 'puppeteer']) {
    try {
      const m = (await import(/* @vite-ignore */ name)) as { default?: Puppeteer } & Puppeteer;
      return m.default ?? m;
    } catch {
      /* try the next */
    }
  }
  throw new Error(
    '[eos-lab] eos-lab/testing needs puppeteer-core (npm install -D puppeteer-core) or puppeteer',
  );
}

function findBrowser(given?: string): string {
  const candidates = [
    given,
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
  if (!found)
    throw new Error(
      '[eos-lab] no Chromium found: pass executablePath, set CHROMIUM_PATH, or install one (Debian: apt-get install chromium)',
    );
  return found;
}

/** A blank page on loopback: WebGPU exists only in secure contexts, which about:blank is not. */
async function blankPage(): Promise<{ url: string; close: () => void }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>eos-lab probe</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

async function probe(browser: WebGPUBrowser['browser']): Promise<AdapterReport | null> {
  type Page = {
    goto(url: string): Promise<unknown>;
    evaluate<T>(fn: () => Promise<T>): Promise<T>;
    close(): Promise<void>;
  };
  const page = (await browser.newPage()) as Page;
  const blank = await blankPage();
  try {
    await page.goto(blank.url);
    return await page.evaluate(async () => {
      const gpu = (navigator as { gpu?: GPU }).gpu;
      const adapter = gpu ? await gpu.requestAdapter() : null;
      if (!adapter) return null;
      const i = adapter.info;
      const soft = /swiftshader|llvmpipe|lavapipe/i.test(`${i.architecture} ${i.description} ${i.vendor}`);
      return {
        vendor: i.vendor,
        architecture: i.architecture,
        description: i.description,
        isFallback: soft || Boolean((i as { isFallbackAdapter?: boolean }).isFallbackAdapter),
      };
    });
  } finally {
    blank.close();
    await page.close();
  }
}

/**
 * Starts headless Chromium with a WebGPU adapter: the GPU's, else SwiftShader's.
 * @example
 * import { launchWebGPUBrowser } from 'eos-lab/testing';
 * const { browser, adapter } = await launchWebGPUBrowser({ requireHardware: false });
 * console.log(adapter.architecture); // 'swiftshader' on a CI machine without a GPU
 * const page = await browser.newPage();
 * await page.goto('http://127.0.0.1:8080/post.html');
 * await page.waitForFunction(() => document.querySelector('eos-bifurcation')?.state === 'done');
 * await browser.close();
 */
export async function launchWebGPUBrowser(options: LaunchOptions = {}): Promise<WebGPUBrowser> {
  const puppeteer = await loadPuppeteer();
  const executablePath = findBrowser(options.executablePath);
  const tries = options.requireHardware ? [HARDWARE] : [HARDWARE, SOFTWARE];
  let software: AdapterReport | null = null;
  for (const flags of tries) {
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...flags, ...(options.args ?? [])],
    });
    const adapter = await probe(browser).catch(() => null);
    if (adapter && (!adapter.isFallback || flags === SOFTWARE)) return { browser, adapter };
    if (adapter) software = adapter;
    await browser.close();
  }
  if (options.requireHardware)
    throw new Error(
      `[eos-lab] requireHardware: ${software ? `only a software adapter (${software.architecture || software.description}) was found` : 'no WebGPU adapter was found'}; check the GPU driver (Vulkan on Linux) and chrome://gpu`,
    );
  throw new Error(
    '[eos-lab] Chromium found no WebGPU adapter, not even SwiftShader: on Debian install chromium (it ships SwiftShader) and libvulkan1',
  );
}
