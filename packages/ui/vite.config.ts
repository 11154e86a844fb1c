import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

export default defineConfig({
  plugins: [solid()],
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  server: { port: 5173, strictPort: false },
});
