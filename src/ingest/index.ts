/** The ingest layer: loaders, normalisation, the sentence splitter and leaves. Explicit exports. */
export { splitSentences, DEFAULT_SENTENCES, isWhitespaceCode } from "./sentences.js";
export type { SentenceOptions } from "./sentences.js";
export { decodeText, normalizeText, looksBinary, hasText, requireText } from "./normalize.js";
export { buildLeaves, pagesOf, DEFAULT_CHUNK } from "./chunk.js";
export type { ChunkOptions, LeafSource } from "./chunk.js";
export { countTokens, encodeTokens, decodeTokens } from "./tokens.js";
export { DEFAULT_LOAD, resolveLoadOptions } from "./loaders/load-options.js";
export type { LoadOptions, ParsedText } from "./loaders/load-options.js";
export { parseText } from "./loaders/text.js";
export { parseMarkdown, markdownTitle } from "./loaders/markdown.js";
export { parseHtml, htmlToText } from "./loaders/html.js";
export { decodeEntities } from "./loaders/html-entities.js";
export { parsePdf } from "./loaders/pdf.js";
export { loadJsonl, parseJsonlRow } from "./loaders/jsonl.js";
export { loadBuffer, loadFile, docIdFromName, formatOfName, isPdfBytes, documentExtensions } from "./loaders/dispatch.js";
export type { DocumentFormat } from "./loaders/dispatch.js";
export { loadPaths } from "./loaders/directory.js";
export type { LoadEvent } from "./loaders/directory.js";
