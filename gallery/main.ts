// The gallery's pages load the elements from source (Vite bundles them with the page).
import '../components/index.js';
