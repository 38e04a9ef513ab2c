// Vite build and vitest settings for the factcheck front end.
//
// The build lands in frontend/dist/, which Django lists in STATICFILES_DIRS, so
// collectstatic serves it under STATIC_URL (/static/). The manifest maps each entry
// (e.g. "src/main.ts") to its hashed file for the templates. It is written to
// dist/manifest.json rather than Vite's default dist/.vite/manifest.json because
// collectstatic ignores dot-directories by default.
import { defineConfig } from "vitest/config";

export default defineConfig({
  base: "/static/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: "manifest.json",
    rolldownOptions: {
      input: "src/main.ts",
    },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
