import { defineConfig } from "vite";

// REACT=18 serves the same app with React 18 (installed as react-18 / react-dom-18);
// agentwire/react's own `import … from "react"` follows the alias too.
const react18 = process.env.REACT === "18";

export default defineConfig({
  resolve: react18 ? { alias: { react: "react-18", "react-dom": "react-dom-18" } } : {},
});
