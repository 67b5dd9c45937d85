/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app loads the built files from ui/dist (tauri.conf.json: frontendDist).
// Vitest runs the component tests in jsdom with Svelte's browser build.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // zxcvbn's dictionaries (about 800 kB) are a chunk of their own, loaded
    // only on the screens where a passphrase is chosen, from local files.
    chunkSizeWarningLimit: 900,
  },
  test: {
    environment: "jsdom",
    include: ["src/tests/**/*.test.ts"],
    setupFiles: ["src/tests/setup.ts"],
  },
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
}));
