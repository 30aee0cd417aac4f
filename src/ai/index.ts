/**
 * `pecan/ai`: Pecan as Vercel AI SDK tools. Needs the optional peer dependency `ai` (6.x).
 * @example
 * import { generateText, stepCountIs } from "ai";
 * import { createEngine } from "pecan";
 * import { pecanTools } from "pecan/ai";
 * const { text } = await generateText({ model, tools: pecanTools(createEngine({ dbPath: "pecan.db" })), stopWhen: stepCountIs(5), prompt });
 */
export { pecanTools, DEFAULT_AI_TOOLS, SearchPassagesInput, ListDocumentsInput } from "./tools.js";
export type { PecanTools, PecanToolsOptions } from "./tools.js";
