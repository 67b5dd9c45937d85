import { defineConfig } from "vite";

// The app loads the built files from ui/dist (tauri.conf.json: frontendDist).
export default defineConfig({
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
  },
});
