// How the edge Worker is bundled: the way workerd resolves it (workerd/worker/browser conditions, no
// nodejs_compat). The import check and the Miniflare test harness both use these options, so the bundle
// the check approves is the bundle the tests run.
export const edgeBundleOptions = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser", "import"],
  mainFields: ["module", "main"],
  write: false,
  logLevel: "silent",
};
