// Lint that can fail: typescript-eslint's recommended type-aware rules plus an import-cycle rule.
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "web/**/*.js", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    plugins: { "import-x": importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: { "import-x/resolver": { node: { extensions: [".ts", ".js"] } } },
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
    files: ["src/cli/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts", "src/eval/**/*.ts", "src/server/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
