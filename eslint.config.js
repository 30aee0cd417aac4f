// Lint that can fail: typescript-eslint's recommended type-aware rules plus an import-cycle rule.
import tseslint from "typescript-eslint";
import importX, { createNodeResolver } from "eslint-plugin-import-x";

const LOW = ["core", "llm", "ingest", "store", "contract"];
const MIDDLE = ["graph", "retrieval", "control", "answer"];
const ENGINE = ["src/engine/**"];
const ENTRIES = ["src/index.*", "src/internal.*"];
const APPS = ["cli", "server", "eval", "ai", "mcp"];
// A zone's `from` must be all globs: folders as `src/x/**`.
const dirs = (names) => names.map((n) => `src/${n}/**`);
const targets = (names) => names.map((n) => `src/${n}`);

/** The `import-x/no-restricted-paths` zones of the layer rules. */
function layerZones() {
  const above = (names) => [...names, ...ENGINE, ...ENTRIES, ...dirs(APPS), "src/testing/**"];
  const message = "layers import only downward (STYLE.md)";
  return [
    { target: "src/core", from: above([...dirs(LOW.slice(1)), ...dirs(MIDDLE)]), message },
    ...LOW.slice(1).map((n) => ({ target: `src/${n}`, from: above(dirs(MIDDLE)), message })),
    { target: "src/graph", from: above(dirs(["retrieval", "control", "answer"])), message },
    // The walk sees the judge through its spec only (control/judge-spec.ts), as stores are seen through store/spec.ts.
    { target: "src/retrieval", from: above(["src/control/!(judge-spec).ts", ...dirs(["answer"])]), message },
    { target: targets(["control", "answer"]), from: above([]), message },
    { target: "src/engine", from: [...ENTRIES, ...dirs(APPS), "src/testing/**"], message },
    { target: "src/eval", from: [...dirs([...LOW, ...MIDDLE]), ...ENGINE], message: "eval uses src/index.ts or the declared internal entry src/internal.ts" },
    { target: targets(["cli", "server", "ai", "mcp"]), from: [...dirs([...LOW, ...MIDDLE]), ...ENGINE, "src/internal.*"], message: "the apps use the public API, src/index.ts" },
  ];
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "web/**/*.js", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    plugins: { "import-x": importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    // Relative imports end in `.js` and name `.ts` sources: the resolver maps one to the other, so
    // the cycle and layer rules see every import.
    settings: { "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } })] },
    rules: {
      "import-x/no-cycle": ["error", { maxDepth: Infinity }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
      eqeqeq: ["error", "always"],
      // push(...x) and Math.max(...x) overflow the stack on long arrays: core/arrays.ts has safe forms.
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(push|unshift|max|min|fromCharCode|fromCodePoint)$/] > SpreadElement",
          message: "A spread argument overflows the stack on long arrays: use pushAll, maxOf or minOf from core/arrays.ts.",
        },
      ],
    },
  },
  {
    // Layers import only downward (STYLE.md): the apps see the public API (src/index.ts) or, for
    // eval, the declared internal entry (src/internal.ts); nothing shipped imports src/testing.
    files: ["src/**/*.ts"],
    ignores: ["src/**/*.test.ts", "src/testing/**"],
    plugins: { "import-x": importX },
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones: layerZones() }],
    },
  },
  {
    files: ["src/cli/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts", "src/eval/**/*.ts", "src/server/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
