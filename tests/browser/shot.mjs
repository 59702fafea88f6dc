import { launch, serve, settle, inked } from './harness.js';
const server = await serve('.');
const b = await launch();
const page = await b.newPage();
await page.setViewport({ width: 1100, height: 2400 });
page.on('pageerror', (e) => console.log('pageerror', String(e)));
page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
await page.goto(`${server.url}out/gallery/${process.argv[2]}`);
await page.waitForFunction(() => customElements.get('eos-bifurcation'));
for (const id of process.argv.slice(3)) {
  await page.evaluate((id) => {
    const el = document.getElementById(id);
    if (el.state === 'idle') el.run();
  }, id);
  const s = await settle(page, `#${id}`);
  console.log(id, s.state, s.message, 'inked', await inked(page, `#${id}`));
  console.log(
    await page.evaluate((id) => {
      const el = document.getElementById(id);
      return el
        .tableRows?.()
        .map((r) => r.join(': '))
        .join('; ');
    }, id),
  );
}
await new Promise((r) => setTimeout(r, 500));
await page.screenshot({ path: `out/shot-${process.argv[2].replace('.html', '')}.png`, fullPage: true });
await b.close();
server.close();
