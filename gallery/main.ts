// The gallery's pages load the elements from source (Vite bundles them with the page) and share one nav bar,
// filled in here from the list of pages (each page holds an empty <nav>).
import '../components/index.js';

const PAGES: [href: string, label: string][] = [
  ['index.html', 'Gallery'],
  ['kalra.html', 'Kalra et al.'],
  ['zhu.html', 'Zhu et al.'],
  ['arora.html', 'Arora et al.'],
  ['chain.html', 'Scalar chains'],
  ['ghosh.html', 'Ghosh et al.'],
  ['mlp.html', 'MLPs'],
  ['formula.html', 'Your own loss'],
  ['playground.html', 'Playground'],
];

const nav = document.querySelector('nav');
if (nav && !nav.children.length) {
  for (const [href, label] of PAGES) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    nav.append(a);
  }
}
