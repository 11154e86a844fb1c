import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { precompress } from "./build/precompress";

export default defineConfig({
  plugins: [solid(), precompress()],
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      // The service worker is its own entry at a fixed path (/sw.js): its scope is the whole app.
      input: { index: "index.html", sw: "src/pwa/service-worker.ts" },
      output: { entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js") },
    },
  },
  server: { port: 5173, strictPort: false },
});
