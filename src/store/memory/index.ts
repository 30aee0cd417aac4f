/** The in-memory store. */
export { createMemoryStore } from "./memory-store.js";
